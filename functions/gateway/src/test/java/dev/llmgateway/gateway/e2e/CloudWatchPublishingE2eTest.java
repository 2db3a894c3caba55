package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Long-running mode with CLOUDWATCH_ENABLED=true: Micrometer's CloudWatch registry sends PutMetricData
 * to a loopback endpoint (the SDK's endpoint override), and the test decodes what the SDK sent. The
 * CloudWatch client of AWS SDK 2.57.8 speaks Smithy RPC v2 CBOR (not the query protocol or JSON).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(CloudWatchPublishingE2eTest.Credentials.class)
class CloudWatchPublishingE2eTest extends GatewayE2eTest {
    static final String PUT_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/PutMetricData";
    static final FakeUpstream CLOUDWATCH = new FakeUpstream().on(PUT_METRIC_DATA, exchange -> {
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        exchange.getResponseHeaders().set("Content-Type", "application/cbor");
        exchange.sendResponseHeaders(200, 1);
        exchange.getResponseBody().write(0xA0); // an empty CBOR map: PutMetricData returns nothing
    });
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** The application may supply credentials as a bean; here they are static, so no global state is touched. */
    @TestConfiguration
    static class Credentials {
        @Bean
        AwsCredentialsProvider awsCredentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLOUDWATCHTEST", "secret-for-the-fake"));
        }
    }

    @DynamicPropertySource
    static void cloudWatch(DynamicPropertyRegistry registry) {
        registry.add("CLOUDWATCH_ENABLED", () -> "true");
        registry.add("CLOUDWATCH_ENDPOINT", CLOUDWATCH::baseUrl);
        registry.add("CLOUDWATCH_STEP_SECONDS", () -> "2");
        registry.add("CLOUDWATCH_NAMESPACE", () -> "GatewayTest");
        registry.add("CLOUDWATCH_REGION", () -> "eu-central-1"); // the base class sets AWS_REGION for Bedrock
    }

    private static JsonNode decode(FakeUpstream.Received r) {
        try {
            byte[] body = "gzip".equals(r.headers().get("content-encoding"))
                    ? new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes() : r.body();
            return CBOR.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every datum sent so far, with its dimensions as a map. */
    private static List<Map.Entry<JsonNode, Map<String, String>>> data() {
        List<Map.Entry<JsonNode, Map<String, String>>> out = new ArrayList<>();
        for (FakeUpstream.Received r : CLOUDWATCH.received()) {
            for (JsonNode datum : decode(r).path("MetricData")) {
                Map<String, String> dims = new HashMap<>();
                datum.path("Dimensions").forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
                out.add(Map.entry(datum, dims));
            }
        }
        return out;
    }

    @Test
    void gatewayMetersArePublishedWithPutMetricDataOverRpcV2Cbor() throws Exception {
        OPENAI.on("/v1/chat/completions", json(200, Fixtures.text("openai/plain/upstream-response.json")));
        // A step's counts are published once, in the next step; a publish still running then (the SDK's first
        // call is slow) skips that step. So let the first publish complete before the request is made.
        await().atMost(Duration.ofSeconds(20)).until(() -> !CLOUDWATCH.received().isEmpty());
        assertThat(CLOUDWATCH.received()).as("nothing but the gateway's meters").allSatisfy(
                r -> assertThat(decode(r).path("MetricData").toString()).doesNotContain("jvm.").contains("gateway."));

        post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(data())
                .as("sent: %s", CLOUDWATCH.received().stream().map(r -> decode(r)).toList())
                .anyMatch(d -> d.getKey().get("MetricName").asText().equals("gateway.requests.count") && d.getKey().get("Value").asDouble() >= 1
                        && d.getValue().equals(Map.of("model", "gpt-4o", "provider", "openai", "status", "200"))));

        FakeUpstream.Received request = CLOUDWATCH.received().stream()
                .filter(r -> decode(r).path("MetricData").toString().contains("gateway.requests.count")).findFirst().orElseThrow();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers()).containsEntry("smithy-protocol", "rpc-v2-cbor").containsEntry("content-type", "application/cbor");
        assertThat(request.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDCLOUDWATCHTEST/").contains("/eu-central-1/monitoring/aws4_request");
        assertThat(decode(request).get("Namespace").asText()).isEqualTo("GatewayTest");
        List<String> names = data().stream().map(d -> d.getKey().get("MetricName").asText()).distinct().toList();
        assertThat(names).allMatch(n -> n.startsWith("gateway."), "only gateway meters are billed")
                .contains("gateway.requests.count", "gateway.tokens.count", "gateway.latency.count", "gateway.latency.sum",
                        "gateway.latency.percentile.value")
                .doesNotContain("gateway.latency.histogram.value");
        assertThat(data()).anySatisfy(d -> {
            assertThat(d.getKey().get("MetricName").asText()).isEqualTo("gateway.latency.percentile.value");
            assertThat(d.getValue()).containsEntry("phi", "0.99");
        });
    }
}
