package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.core.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every response carries a request id (the client's when well formed), every log line of the request
 * carries it, and each request leaves one access-log line that names who, what and how it went,
 * never content or a key. {@code X-Gateway-Provider} names the provider called even when it failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdE2eTest extends TenantE2eTest {
    private static final String CONTENT = "Zebra-secret-prompt-content";
    private static final String GENERATED = "req_[0-9a-f]{32}";

    private HttpResponse<String> chat(String key, String model, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + CONTENT + "\"}]}"));
        if (key != null) request.header("Authorization", "Bearer " + key);
        if (requestId != null) request.header("x-request-id", requestId);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The access-log line of {@code requestId}, once it is written (just after the response completed). */
    private static String accessLine(CapturedOutput output, String requestId) {
        String[] line = new String[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            List<String> lines = output.getOut().lines().filter(l -> l.contains(" request request_id=" + requestId + " ")).toList();
            assertThat(lines).hasSize(1);
            line[0] = lines.getFirst();
        });
        return line[0];
    }

    @Test
    void aWellFormedClientIdIsKeptAndTheAccessLineNamesTheRequestButNoContentOrKey(CapturedOutput output) throws Exception {
        String key = tenantWithKey("obs-ids", null);
        OPENAI.on(OPENAI_PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));

        HttpResponse<String> response = chat(key, "gpt-4o", "client-abc.1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).hasValue("client-abc.1");
        String line = accessLine(output, "client-abc.1");
        assertThat(line).as("the MDC prefix of every line of the request").contains("[client-abc.1] ");
        assertThat(line).contains(" api=chat.completions ", " tenant=obs-ids ", " key_id=", " model=gpt-4o ", " provider=openai ",
                " status=200 ", " stream=false ", " latency_ms=", " input_tokens=", " output_tokens=", " cost_usd=",
                " failover=openai:gpt-4o");
        assertThat(output.getOut()).doesNotContain(CONTENT).doesNotContain(key).doesNotContain("sk-upstream-test");
        // The health gauges: readiness, and the breaker of the target just used.
        assertThat(call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN).body()).contains("gateway_ready 1.0",
                "gateway_circuit_state{model=\"gpt-4o\",provider=\"openai\"} 0.0");
    }

    @Test
    void aMalformedClientIdIsReplacedWithAGeneratedOne(CapturedOutput output) throws Exception {
        HttpResponse<String> response = chat(null, "gpt-4o", "no spaces allowed");

        assertThat(response.statusCode()).as("no key").isEqualTo(401);
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).matches(GENERATED);
        assertThat(accessLine(output, id)).contains(" status=401 ").doesNotContain(" provider=").doesNotContain("no spaces");
    }

    @Test
    void aFailedFailoverNamesTheLastProviderCalledAndThePathInTheAccessLine(CapturedOutput output) throws Exception {
        String key = tenantWithKey("obs-failover", null);
        adminOk("PUT", "/admin/routes/obs-all-failing", """
                {"targets":[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"ollama","model":"llama3.2"}]}""");
        OPENAI.on(OPENAI_PATH, json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        OLLAMA.on(OLLAMA_PATH, json(503, "{\"error\":\"overloaded\"}"));

        HttpResponse<String> response = chat(key, "obs-all-failing", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("X-Gateway-Provider")).hasValue("ollama");
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).matches(GENERATED);
        assertThat(accessLine(output, id)).contains(" status=502 ",
                " failover=openai:gpt-4o-mini!upstream_error>ollama:llama3.2!upstream_error");
    }

    @Test
    void anUpstreamRateLimitNamesTheProvider() throws Exception {
        String key = tenantWithKey("obs-429", null);
        OPENAI.on(OPENAI_PATH, json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));

        HttpResponse<String> response = chat(key, "gpt-4o", null);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("X-Gateway-Provider")).hasValue("openai");
        assertThat(response.headers().firstValue("x-request-id").orElseThrow()).matches(GENERATED);
    }

    @Test
    void anUnknownApiPathGetsAnIdAndAnAccessLineButIsNotAnApiRequest(CapturedOutput output) throws Exception {
        HttpResponse<String> response = call("POST", "/v1/no-such-api", "{}", null);

        assertThat(response.statusCode()).isEqualTo(404);
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(accessLine(output, id)).contains(" api=no-such-api ", " status=404 ");
    }
}
