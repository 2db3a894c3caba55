package dev.llmgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/**
 * The access-log line: its plain text and, encoded by Spring Boot's ECS encoder (the deployed format),
 * one JSON object per line with the request id from the MDC and every field as its own member.
 */
class AccessLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        MDC.clear();
    }

    private static CompletedRequest failedOverStream(String model) {
        return CompletedRequest.builder().requestId("req_0123456789abcdef0123456789abcdef").api("chat.completions")
                .tenantId("acme").keyId("3f2a").requestedModel(model).servedModel("claude-sonnet-4-5").model(model)
                .provider("anthropic").status(200).stream(true).latency(Duration.ofMillis(1500)).timeToFirstToken(Duration.ofMillis(320))
                .usage(Usage.builder().input(20).cacheRead(5).output(9).reasoning(4).build()).costMicros(1234)
                .attempt(new CompletedRequest.Attempt("openai", "gpt-4o", Duration.ZERO, Duration.ofMillis(40), "upstream_error"))
                .attempt(new CompletedRequest.Attempt("anthropic", "claude-sonnet-4-5", Duration.ofMillis(40), Duration.ofMillis(1500), null))
                .build();
    }

    @Test
    void theLineNamesEveryFactAndTheFailoverPath() {
        new AccessLog().completed(failedOverStream("my-route"));

        assertThat(events.list).hasSize(1);
        assertThat(events.list.getFirst().getFormattedMessage()).isEqualTo("request request_id=req_0123456789abcdef0123456789abcdef"
                + " api=chat.completions tenant=acme key_id=3f2a model=my-route served_model=claude-sonnet-4-5 provider=anthropic"
                + " status=200 stream=true latency_ms=1500.000 ttft_ms=320.000 input_tokens=25 output_tokens=9 cache_read_tokens=5"
                + " reasoning_tokens=4 cost_usd=0.001234 failover=openai:gpt-4o!upstream_error>anthropic:claude-sonnet-4-5");
    }

    @Test
    void aClientChosenValueCanNeitherBreakTheLineNorPoseAsAField() {
        new AccessLog().completed(failedOverStream("m\nFORGED status=500"));

        String line = events.list.getFirst().getFormattedMessage();
        assertThat(line).doesNotContain("\n").contains(" model=\"m\\\\nFORGED status=500\" ");
    }

    @Test
    void theEcsFormatIsOneJsonObjectWithTheRequestIdAndEachField() throws Exception {
        MDC.put(RequestMeteringFilter.MDC_REQUEST_ID, "req_0123456789abcdef0123456789abcdef");
        new AccessLog().completed(failedOverStream("m\r\nFORGED"));

        StructuredLogEncoder encoder = new StructuredLogEncoder();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.putObject(Environment.class.getName(), new MockEnvironment());
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();
        String encoded = new String(encoder.encode(events.list.getFirst()), StandardCharsets.UTF_8);

        assertThat(encoded.strip()).doesNotContain("\n").doesNotContain("\r");
        JsonNode json = Json.tree(encoded);
        assertThat(json.get("request_id").asText()).isEqualTo("req_0123456789abcdef0123456789abcdef");
        assertThat(json.at("/log/logger").asText()).isEqualTo(AccessLog.LOGGER);
        assertThat(json.get("tenant").asText()).isEqualTo("acme");
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("model").asText()).isEqualTo("m\\r\\nFORGED");
        assertThat(json.get("cost_usd").asText()).isEqualTo("0.001234");
        assertThat(json.get("failover").asText()).isEqualTo("openai:gpt-4o!upstream_error>anthropic:claude-sonnet-4-5");
    }
}
