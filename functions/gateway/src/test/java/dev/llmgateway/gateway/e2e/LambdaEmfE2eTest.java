package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On Lambda each request ends with one EMF line on stdout, and no PutMetricData publisher runs. */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LambdaEmfE2eTest extends GatewayE2eTest {
    @DynamicPropertySource
    static void onLambda(DynamicPropertyRegistry registry) {
        registry.add("AWS_LAMBDA_FUNCTION_NAME", () -> "llm-gateway-test");
        registry.add("GATEWAY_AUTH", () -> "open"); // deployed mode would require a known key
        registry.add("CLOUDWATCH_NAMESPACE", () -> "GatewayTest");
        registry.add("CLOUDWATCH_ENABLED", () -> "true"); // ignored on Lambda
    }

    @Autowired
    ApplicationContext context;

    @Test
    void eachRequestEndsWithOneEmfRecordOnStdout(CapturedOutput output) throws Exception {
        OPENAI.on("/v1/chat/completions", json(200, Fixtures.text("openai/plain/upstream-response.json")));

        assertThat(post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> emfLines(output).size() == 1);
        JsonNode record = Json.tree(emfLines(output).getFirst());
        assertThat(record.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("GatewayTest");
        assertThat(record.get("FunctionName").asText()).isEqualTo("llm-gateway-test");
        assertThat(record.get("Model").asText()).isEqualTo("gpt-4o");
        assertThat(record.get("Requests").asDouble()).isEqualTo(1);
        assertThat(record.get("InputTokens").asDouble()).isEqualTo(19);
        assertThat(record.get("Latency").asDouble()).isPositive();
        assertThat(context.getBeansOfType(MeterRegistry.class).keySet()).noneMatch(name -> name.toLowerCase().contains("cloudwatch"));
    }

    @Test
    void aBreakerOpeningIsOneRecordOfItsOwnNamingTheTarget(CapturedOutput output) throws Exception {
        context.getBean(dev.llmgateway.core.store.Stores.class).routes().put(dev.llmgateway.core.routing.Route.parse(Json.tree("""
                {"model":"emf-breaker","targets":[{"provider":"openai","model":"gpt-4o-mini"}]}""")));
        context.getBean(dev.llmgateway.core.routing.RouteCache.class).invalidate();
        OPENAI.on("/v1/chat/completions", json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        int before = emfLines(output).size();

        // the default threshold is 3 failures in a row: the third request opens the breaker, the fourth finds it open
        for (int i = 0; i < 4; i++) {
            assertThat(post("/v1/chat/completions", "{\"model\":\"emf-breaker\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                    .statusCode()).isEqualTo(502);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> emfLines(output).size() - before == 5); // 4 requests, 1 opening
        List<JsonNode> openings = emfLines(output).stream().skip(before).map(Json::tree).filter(r -> r.has("CircuitOpenings")).toList();
        assertThat(openings).singleElement().satisfies(r -> {
            assertThat(r.get("Target").asText()).isEqualTo("openai/gpt-4o-mini");
            assertThat(r.get("CircuitOpenings").asDouble()).isEqualTo(1);
            assertThat(r.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString()).isEqualTo("[\"FunctionName\",\"Target\"]");
        });
    }

    private static List<String> emfLines(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.startsWith("{\"_aws\"")).toList();
    }
}
