package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A client-chosen value can neither write a line of its own into the log nor break a metric label. */
@ExtendWith(OutputCaptureExtension.class)
class LogForgingE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/chat/completions";
    private static final String FORGED_LINE = "2026-12-02T01:00:00.000Z ERROR 1 --- [main] x.y.Z : FORGED";

    private static String body(String model, boolean stream) {
        return Json.string(Json.object().put("model", model).put("stream", stream)
                .set("messages", Json.MAPPER.valueToTree(List.of(java.util.Map.of("role", "user", "content", "Hi")))));
    }

    @Test
    void aModelNameWithANewlineCannotForgeALogLine(CapturedOutput output) throws Exception {
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.UTF_8),
                "data: {\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\"}}\n\n".getBytes(StandardCharsets.UTF_8)), 0));

        assertThat(post(PATH, body("gpt-4o-forge\n" + FORGED_LINE, true)).statusCode()).isEqualTo(200);

        assertThat(output.getOut()).as("the warning about the failed stream was logged")
                .contains("stream for model gpt-4o-forge\\n2026-12-02T01:00:00.000Z ERROR");
        assertThat(output.getOut().lines()).noneMatch(line -> line.startsWith("2026-12-02T01:00:00.000Z"));
    }

    @Test
    void aCarriageReturnInALabelValueIsEscapedInTheScrape() throws Exception {
        OPENAI.on(PATH, FakeUpstream.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}"));

        assertThat(post(PATH, body("gpt-4o-label\r\nforged_metric 1", false)).statusCode()).isEqualTo(200);

        String scrape = get("/actuator/prometheus").body();
        assertThat(scrape).contains("model=\"gpt-4o-label\\\\r\\\\nforged_metric 1\"");
        assertThat(scrape).doesNotContain("\r").doesNotContain("\nforged_metric");
    }
}
