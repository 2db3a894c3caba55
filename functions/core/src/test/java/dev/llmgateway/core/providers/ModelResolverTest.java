package dev.llmgateway.core.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelResolverTest {
    private static ModelResolver resolver(Map<String, String> env) {
        Env e = Env.of(env);
        return Catalogue.fromEnv(e, UpstreamHttp.fromEnv(e));
    }

    @Test
    void explicitPrefixWinsAndKeepsTheRestOfThePath() {
        ModelResolver r = resolver(Map.of("OPENAI_API_KEY", "k"));
        assertThat(r.resolve("ollama/hf.co/org/model:Q4").model()).isEqualTo("hf.co/org/model:Q4");
        assertThat(r.resolve("ollama/llama3.2").provider().name()).isEqualTo("ollama");
        assertThat(r.resolve("openai/gpt-4o").model()).isEqualTo("gpt-4o");
    }

    @Test
    void bareNamesGoByWellKnownPrefixes() {
        ModelResolver r = resolver(Map.of("OPENAI_API_KEY", "k"));
        for (String model : new String[] {"gpt-4o", "o1-mini", "o3", "o4-mini", "chatgpt-4o-latest"}) {
            assertThat(r.resolve(model).provider().name()).as(model).isEqualTo("openai");
            assertThat(r.resolve(model).model()).isEqualTo(model);
        }
    }

    @Test
    void disabledProviderIs404NamingTheVariableThatEnablesIt() {
        ModelResolver r = resolver(Map.of("GATEWAY_MODE", "deployed"));
        assertThatThrownBy(() -> r.resolve("gpt-4o")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("model_not_found");
            assertThat(e.getMessage()).contains("OPENAI_API_KEY");
        });
        assertThatThrownBy(() -> r.resolve("ollama/llama3.2")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.getMessage()).contains("OLLAMA_ENABLED"));
    }

    @Test
    void unknownModelIs404() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("llama3.2")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.param()).isEqualTo("model");
        });
        assertThatThrownBy(() -> resolver(Map.of()).resolve("ollama/")).isInstanceOf(GatewayError.class);
    }

    @Test
    void ollamaIsOnByDefaultLocallyAndOffWhenDeployed() {
        assertThat(resolver(Map.of()).providers()).extracting(Provider::name).containsExactly("ollama");
        assertThat(resolver(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn")).providers()).isEmpty();
        assertThat(resolver(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn", "OLLAMA_ENABLED", "true")).providers())
                .extracting(Provider::name).containsExactly("ollama");
    }
}
