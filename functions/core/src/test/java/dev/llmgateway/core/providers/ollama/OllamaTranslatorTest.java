package dev.llmgateway.core.providers.ollama;

import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.ParameterizedTest;
import dev.llmgateway.core.testing.BadUsage;
import dev.llmgateway.core.api.UsageCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.spi.Auth;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.NdjsonDecoder;
import dev.llmgateway.core.testing.TranslatorFixtures;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OllamaTranslatorTest {
    private final OllamaTranslator translator = new OllamaTranslator(new Endpoint("ollama", "http://ollama.test:11434", Auth.NONE),
            Duration.ofSeconds(5));
    private final TranslatorFixtures fixtures = new TranslatorFixtures("ollama", translator);

    @Test
    void plainChatMapsSamplingIntoOptionsAndUsageFromEvalCounts() {
        var upstream = fixtures.assertUpstreamRequest("plain", "llama3.2");
        assertThat(upstream.uri().toString()).isEqualTo("http://ollama.test:11434/api/chat");
        assertThat(fixtures.assertResponse("plain", "llama3.2").usage()).isEqualTo(Usage.of(26, 298));
    }

    @Test
    void streamTranslatesNdjsonAtEveryByteSplitIncludingInsideUtf8() {
        fixtures.assertUpstreamRequest("stream", "llama3.2");
        StreamResult result = fixtures.assertStream("stream", "llama3.2");
        assertThat(result.usage()).isEqualTo(Usage.of(12, 5));
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void toolCallsTranslateBothWaysWithToolResultsNamedByFunction() {
        fixtures.assertUpstreamRequest("tools", "llama3.2");
        fixtures.assertResponse("tools", "llama3.2");
    }

    @Test
    void jsonSchemaBecomesOllamaFormat() {
        fixtures.assertUpstreamRequest("json-schema", "llama3.2");
        fixtures.assertResponse("json-schema", "llama3.2");
    }

    @Test
    void inlineImagesAndJsonObjectMode() {
        fixtures.assertUpstreamRequest("image", "llava");
    }

    @Test
    void remoteImageUrlIsRejectedNamingTheField() {
        ChatRequest request = ChatRequest.parse(("{\"model\":\"ollama/llava\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> translator.call(request, "llava", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("messages[0].content[0].image_url");
                });
    }

    @Test
    void forcedToolChoiceAndUnknownFieldsAreRejectedByName() {
        ChatRequest forced = ChatRequest.parse(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> translator.call(forced, "m", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));

        ChatRequest unknown = ChatRequest.parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true}"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> translator.call(unknown, "m", false).request())
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("logprobs");
                    assertThat(e.code()).isEqualTo("unsupported_parameter");
                });
    }

    @Test
    void upstreamErrorBodyKeepsItsStatusAndMessage() {
        GatewayError error = translator.error(404, HttpHeaders.of(Map.of(), (a, b) -> true),
                "{\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.code()).isEqualTo("model_not_found");
        assertThat(error.getMessage()).contains("model \"nope\" not found");
    }

    @Test
    void errorLineInsideStreamAndTruncatedStreamAreUpstreamErrors() throws Exception {
        ChatRequest request = fixtures.clientRequest("stream");
        List<String> chunks = new ArrayList<>();
        var errorStream = translator.call(request, "llama3.2", true).stream(json -> chunks.add(new String(json)));
        byte[] errorLine = "{\"error\":\"an error was encountered while running the model\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new NdjsonDecoder().feed(errorLine, 0, errorLine.length, errorStream::onFrame))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.isUpstream()).isTrue();
                });

        var truncated = translator.call(request, "llama3.2", true).stream(json -> chunks.add(new String(json)));
        byte[] partial = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"
                .getBytes(StandardCharsets.UTF_8);
        new NdjsonDecoder().feed(partial, 0, partial.length, truncated::onFrame);
        assertThatThrownBy(truncated::finish).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.getMessage()).contains("ended before it was complete"));
    }

    /** Finding 1: an upstream's negative, fractional, textual or absurd token count reaches the usage check as such. */
    @ParameterizedTest
    @MethodSource("dev.llmgateway.core.testing.BadUsage#counts")
    void aBadTokenCountIsNotReadAsAPlausibleNumber(String count, UsageCheck.Problem problem) {
        String body = "{\"model\":\"llama3.2\",\"created_at\":\"2023-12-12T14:13:43.416799Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"x\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":" + count + ",\"eval_count\":5}";
        BadUsage.assertFlagged(translator.call(BadUsage.REQUEST, "llama3.2", false).response(body.getBytes(StandardCharsets.UTF_8)).usage(), problem);
    }

    @Test
    void reasoningEffortTurnsThinkingOnAndTheThinkingComesBackAsReasoningContent() {
        fixtures.assertUpstreamRequest("thinking", "qwen3");
        fixtures.assertResponse("thinking", "qwen3");
    }
}
