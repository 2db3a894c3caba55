package dev.llmgateway.core.providers.openai;

import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.ParameterizedTest;
import dev.llmgateway.core.testing.BadUsage;
import dev.llmgateway.core.api.UsageCheck;
import static org.assertj.core.api.Assertions.assertThat;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Auth;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.stream.SseDecoder;
import dev.llmgateway.core.testing.TranslatorFixtures;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiTranslatorTest {
    private final OpenAiTranslator translator = new OpenAiTranslator(
            new Endpoint("openai", "https://api.openai.test/v1", Auth.bearer("sk-test")), ChatQuirks.NONE, Duration.ofSeconds(5));
    private final TranslatorFixtures fixtures = new TranslatorFixtures("openai", translator);

    @Test
    void bodyPassesThroughWithUnknownFieldsAndOnlyTheModelRewritten() {
        var upstream = fixtures.assertUpstreamRequest("plain", "gpt-4o");
        assertThat(upstream.uri().toString()).isEqualTo("https://api.openai.test/v1/chat/completions");
        assertThat(upstream.headers().firstValue("authorization")).contains("Bearer sk-test");
        assertThat(fixtures.assertResponse("plain", "gpt-4o").usage()).isEqualTo(Usage.of(19, 10, 0));
    }

    @Test
    void streamsAreAlwaysMeteredButTheUsageChunkOnlyReachesClientsThatAskedForIt() {
        fixtures.assertUpstreamRequest("stream", "gpt-4o-mini");
        assertThat(fixtures.assertStream("stream", "gpt-4o-mini").usage()).isEqualTo(Usage.of(9, 4, 2));
        fixtures.assertUpstreamRequest("stream-usage", "gpt-4o-mini");
        assertThat(fixtures.assertStream("stream-usage", "gpt-4o-mini").usage()).isEqualTo(Usage.of(9, 4, 2));
    }

    @Test
    void theClientsRequestIsNotMutatedByTranslation() {
        ChatRequest request = fixtures.clientRequest("stream");
        translator.call(request, "other-model", true).request();
        assertThat(request.raw().get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(request.raw().has("stream_options")).isFalse();
    }

    @Test
    void upstreamErrorsKeepStatusMessageParamCodeAndRetryAfter() {
        GatewayError error = translator.error(429, HttpHeaders.of(Map.of("retry-after", List.of("7")), (a, b) -> true),
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.getMessage()).contains("Rate limit reached");
        assertThat(error.code()).isEqualTo("rate_limit_exceeded");
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(7));

        GatewayError server = translator.error(503, HttpHeaders.of(Map.of(), (a, b) -> true), "upstream connect error".getBytes());
        assertThat(server.status()).isEqualTo(502);
        assertThat(server.getMessage()).contains("upstream connect error");
    }

    @Test
    void errorEventInsideTheStreamAndAStreamWithoutEndAreUpstreamFailures() throws Exception {
        ChatRequest request = fixtures.clientRequest("stream");
        List<String> sent = new ArrayList<>();
        var stream = translator.call(request, "gpt-4o-mini", true).stream(json -> sent.add(new String(json)));
        byte[] error = "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n".getBytes();
        assertThatThrownBy(() -> new SseDecoder().feed(error, 0, error.length, stream::onFrame))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("The server had an error");
                });

        var truncated = translator.call(request, "gpt-4o-mini", true).stream(json -> sent.add(new String(json)));
        byte[] partial = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n".getBytes();
        new SseDecoder().feed(partial, 0, partial.length, truncated::onFrame);
        assertThatThrownBy(truncated::finish).isInstanceOf(GatewayError.class);
    }

    @Test
    void deltasAreForwardedByteForByteAndOnlyTheFirstChoicesTextualFinishReasonCounts() throws Exception {
        ChatRequest request = fixtures.clientRequest("stream");
        List<String> sent = new ArrayList<>();
        var stream = translator.call(request, "gpt-4o-mini", true).stream(json -> sent.add(new String(json, StandardCharsets.UTF_8)));
        List<String> chunks = List.of(
                // unknown fields (nested too) and a null error/usage ride along untouched
                "{\"id\":\"c\",\"error\":null,\"usage\":null,\"x\":{\"finish_reason\":\"nested\"},"
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße 👋\"},\"finish_reason\":null}]}",
                // a later choice's reason and a non-textual reason are not the stream's reason
                "{\"choices\":[{\"index\":0,\"finish_reason\":7},{\"index\":1,\"finish_reason\":\"stop\"}]}",
                // the reason may come before the delta, and choices before everything else
                "{\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"delta\":{}}],\"id\":\"c\"}");
        for (String chunk : chunks.subList(0, 2)) feed(stream, chunk);
        assertThatThrownBy(stream::finish).as("no textual finish_reason on the first choice yet").isInstanceOf(GatewayError.class);
        feed(stream, chunks.get(2));
        assertThat(sent).isEqualTo(chunks);
        assertThat(stream.finish().finishReason()).isEqualTo("length");
    }

    @Test
    void aMalformedChunkFailsAsUnparseable() {
        var stream = translator.call(fixtures.clientRequest("stream"), "gpt-4o-mini", true).stream(json -> { });
        assertThatThrownBy(() -> feed(stream, "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}"))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    private static void feed(dev.llmgateway.core.http.StreamTranslator stream, String chunk) throws java.io.IOException {
        byte[] event = ("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8);
        new SseDecoder().feed(event, 0, event.length, stream::onFrame);
    }

    /** Finding 1: an upstream's negative, fractional, textual or absurd token count reaches the usage check as such. */
    @ParameterizedTest
    @MethodSource("dev.llmgateway.core.testing.BadUsage#counts")
    void aBadTokenCountIsNotReadAsAPlausibleNumber(String count, UsageCheck.Problem problem) {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + count
                + ",\"completion_tokens\":5}}";
        BadUsage.assertFlagged(translator.call(BadUsage.REQUEST, "gpt-4o", false).response(body.getBytes(StandardCharsets.UTF_8)).usage(), problem);
    }
}
