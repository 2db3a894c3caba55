package dev.llmgateway.gateway.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.testing.FakeUpstream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimingTest {
    @Test
    void primingTranslatesForEveryEnabledProviderAndSendsNothing() {
        try (FakeUpstream upstream = new FakeUpstream()) {
            // Every provider points at a server that records any request: priming must send none.
            Env env = Env.of(Map.of(
                    "OPENAI_API_KEY", "sk-priming", "OPENAI_BASE_URL", upstream.baseUrl() + "/v1",
                    "OLLAMA_ENABLED", "true", "OLLAMA_BASE_URL", upstream.baseUrl()));
            ModelResolver models = Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env));
            long httpProviders = models.providers().stream().filter(p -> p instanceof HttpProvider).count();
            assertThat(httpProviders).isGreaterThanOrEqualTo(2);

            Priming.Report report = Priming.run(models);

            assertThat(report.providersPrimed()).isEqualTo(httpProviders);
            assertThat(report.upstreamRequestsBuilt()).isEqualTo(2 * httpProviders); // buffered and streaming each
            assertThat(report.chunksSerialised()).isEqualTo(5); // text, tool start, tool arguments, finish, usage
            assertThat(report.framesDecoded()).isEqualTo(10); // the five chunks through SSE and through NDJSON
            assertThat(report.loopbackCalls()).isEqualTo(2); // buffered and streamed through the HTTP transport
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void primingNeedsNoEnabledProvider() {
        Env env = Env.of(Map.of("GATEWAY_MODE", "deployed"));
        Priming.Report report = Priming.run(Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env)));
        assertThat(report.providersPrimed()).isZero();
        assertThat(report.chunksSerialised()).isEqualTo(5);
    }
}
