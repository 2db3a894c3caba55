package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true} the request span carries the
 * messages and the answer in the GenAI conventions' form, the messages as the guardrails left them:
 * a card number the client sent is its placeholder there, as it was upstream.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ContentCaptureE2eTest extends TenantE2eTest {
    private static final OtlpReceiver COLLECTOR = new OtlpReceiver();
    private static final String CARD = "4111 1111 1111 1111";

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", COLLECTOR::endpoint);
        registry.add("OTEL_BSP_SCHEDULE_DELAY", () -> "50");
        registry.add("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", () -> "true");
    }

    @AfterAll
    static void stop() {
        COLLECTOR.stop();
    }

    private String guardedTenant(String id) throws Exception {
        String key = tenantWithKey(id, null);
        adminOk("PUT", "/admin/guardrails/" + id + "-cards", "{\"applies_to\":{\"tenants\":[\"" + id + "\"]},\"detectors\":{\"credit_card\":\"redact\"}}");
        return key;
    }

    private Map<String, AnyValue> spanOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OtlpReceiver.attributes(COLLECTOR.rootOf(response.headers().firstValue("x-request-id").orElseThrow()));
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"gpt-4o\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"My card is " + CARD + ", is it valid?\"}]}";
    }

    @Test
    void bufferedTheSpanHasTheRedactedMessagesAndTheAnswer() throws Exception {
        String key = guardedTenant("capture-buffered");
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));

        Map<String, AnyValue> span = spanOf(call("POST", OPENAI_PATH, chat(false), key));

        String input = span.get("gen_ai.input.messages").getStringValue();
        assertThat(input).doesNotContain(CARD).doesNotContain("4111");
        JsonNode messages = Json.tree(input);
        assertThat(messages.at("/0/role").asText()).isEqualTo("system");
        assertThat(messages.at("/0/parts/0/content").asText()).isEqualTo("Be brief.");
        assertThat(messages.at("/1/role").asText()).isEqualTo("user");
        assertThat(messages.at("/1/parts/0/type").asText()).isEqualTo("text");
        assertThat(messages.at("/1/parts/0/content").asText()).isEqualTo("My card is <CARD_1>, is it valid?");
        assertThat(OPENAI.last().bodyText()).as("what the provider saw").contains("<CARD_1>");

        String answer = Json.tree(Fixtures.text("openai/plain/upstream-response.json")).at("/choices/0/message/content").asText();
        JsonNode output = Json.tree(span.get("gen_ai.output.messages").getStringValue());
        assertThat(output.at("/0/role").asText()).isEqualTo("assistant");
        assertThat(output.at("/0/parts/0/content").asText()).isEqualTo(answer);
        assertThat(output.at("/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamedTheAnswerIsGatheredFromItsChunks() throws Exception {
        String key = guardedTenant("capture-stream");
        OPENAI.on(OPENAI_PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"), 0));

        HttpResponse<String> response = call("POST", OPENAI_PATH, chat(true), key);
        Map<String, AnyValue> span = spanOf(response);

        assertThat(span.get("gen_ai.input.messages").getStringValue()).contains("My card is <CARD_1>, is it valid?").doesNotContain(CARD);
        StringBuilder streamed = new StringBuilder();
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("data: {")) continue;
            JsonNode content = Json.tree(line.substring("data: ".length())).at("/choices/0/delta/content");
            if (content.isTextual()) streamed.append(content.asText());
        }
        assertThat(streamed).isNotEmpty();
        JsonNode output = Json.tree(span.get("gen_ai.output.messages").getStringValue());
        assertThat(output.at("/0/parts/0/content").asText()).as("the text the client was streamed").isEqualTo(streamed.toString());
        assertThat(output.at("/0/finish_reason").asText()).isEqualTo("stop");
    }
}
