package dev.llmgateway.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.core.testing.JsonMatch;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code output_config.format} (Anthropic's structured output) on translated backends: each gets
 * the schema its own way (golden upstream bodies), the JSON comes back as a text block, and what a
 * backend cannot honour is a 400 naming the Messages field.
 */
class MessagesStructuredOutputTest {
    private final FakeUpstream fake = new FakeUpstream();

    @AfterEach
    void close() {
        fake.close();
    }

    private MessagesApi provider(ProviderRow row) {
        Env env = Env.of(Map.of("OPENAI_API_KEY", "sk-fake", "OPENAI_BASE_URL", fake.baseUrl() + "/v1",
                "GEMINI_API_KEY", "g-fake", "GEMINI_BASE_URL", fake.baseUrl(), "OLLAMA_BASE_URL", fake.baseUrl()));
        return MessagesOn.provider(row.create(env, UpstreamHttp.fromEnv(env)), "any-model"); // none of these passes through
    }

    private static MessagesRequest request(String model) {
        return MessagesRequest.parse(Fixtures.text("messages/structured/request.json").replace("MODEL", model)
                .getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @ParameterizedTest
    @CsvSource({
            "openai, /v1/chat/completions,                             openai/gpt-4o,    gpt-4o,           openai",
            "gemini, /v1beta/models/gemini-2.5-flash:generateContent,  gemini-2.5-flash, gemini-2.5-flash, gemini",
            "gemini, /v1beta/models/gemini-2.0-flash:generateContent,  gemini-2.0-flash, gemini-2.0-flash, gemini-2.0",
            "ollama, /api/chat,                                        ollama/llama3.2,  llama3.2,         ollama"})
    void theSchemaReachesEachBackendItsOwnWayAndTheJsonComesBackAsText(String provider, String path, String model,
                                                                      String upstreamModel, String fixture) {
        String backend = fixture.startsWith("gemini") ? "gemini" : fixture;
        fake.on(path, FakeUpstream.json(200, Fixtures.text("messages/structured/" + backend + "-upstream-response.json")));
        ProviderRow row = switch (provider) {
            case "openai" -> Catalogue.OPENAI;
            case "gemini" -> Catalogue.GEMINI_API;
            default -> Catalogue.OLLAMA_NATIVE;
        };

        byte[] answer = provider(row).messages(request(model), upstreamModel).body();

        JsonMatch.assertMatches(Fixtures.text("messages/structured/" + fixture + "-upstream-request.json"), fake.last().bodyText());
        JsonMatch.assertMatches(Fixtures.text("messages/structured/response.json").replace("MODEL", model),
                new String(answer, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"effort\":\"high\"}                                   | output_config.effort",
            "{\"format\":{\"type\":\"xml\"}}                         | output_config.format.type",
            "{\"format\":{\"type\":\"json_schema\"}}                 | output_config.format.schema",
            "{\"format\":{\"type\":\"json_schema\",\"schema\":{},\"strict\":true}} | output_config.format.strict",
            "\"json\"                                                | output_config"})
    void whatCannotBeTranslatedIsA400NamingTheMessagesField(String config, String param) {
        MessagesRequest request = MessagesRequest.parse(("{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[],\"output_config\":"
                + config + "}").getBytes(StandardCharsets.UTF_8), Map.of());
        assertThatThrownBy(() -> provider(Catalogue.OPENAI).messages(request, "gpt-4o"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
        assertThat(fake.received()).as("nothing was sent upstream").isEmpty();
    }

    @Test
    void aSchemaAnOlderGeminiCannotTakeIsA400NamingTheMessagesSchema() {
        MessagesRequest request = MessagesRequest.parse(("{\"model\":\"gemini-2.0-flash\",\"max_tokens\":5,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}],\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#\"}}}}}}").getBytes(StandardCharsets.UTF_8), Map.of());
        assertThatThrownBy(() -> provider(Catalogue.GEMINI_API).messages(request, "gemini-2.0-flash"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).startsWith("output_config.format.schema");
                    assertThat(e.getMessage()).contains("output_config.format.schema").doesNotContain("response_format");
                });
    }
}
