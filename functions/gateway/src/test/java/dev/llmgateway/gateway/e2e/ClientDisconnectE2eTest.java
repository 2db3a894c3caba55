package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.gateway.testing.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that leaves while the upstream is silent: the gateway notices without waiting for
 * anything to write, closes the upstream connection, and counts the request as 499. The fake keeps
 * its connection busy with bytes that carry no content (SSE comments, JSON whitespace), so neither
 * an idle timeout nor a write to the client can be what ends it: only the disconnect watch can.
 */
class ClientDisconnectE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/chat/completions";
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n";

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void clientLeavingWhileTheUpstreamIsSilentClosesTheUpstreamAndCounts499(boolean stream) throws Exception {
        String model = "gpt-4o-disconnect-silent-" + (stream ? "stream" : "buffered");
        CountDownLatch upstreamReached = new CountDownLatch(1);
        CountDownLatch upstreamClosed = new CountDownLatch(1);
        OPENAI.on(PATH, stream
                ? silent("text/event-stream", CHUNK, ": still thinking\n\n", upstreamReached, upstreamClosed)
                : silent("application/json", "", " ", upstreamReached, upstreamClosed));
        PrometheusText before = scrape();

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            assertThat(upstreamReached.await(10, TimeUnit.SECONDS)).as("the upstream was called").isTrue();
            if (stream) assertThat(readUntil(client.getInputStream(), "data: ")).as("the first chunk arrived").isTrue();
        } // the client leaves here, while the upstream sends nothing the gateway would pass on

        assertThat(upstreamClosed.await(5, TimeUnit.SECONDS)).as("the upstream connection was closed").isTrue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(scrape().value("gateway_requests_total", Map.of("model", model, "status", "499"))
                        - before.value("gateway_requests_total", Map.of("model", model, "status", "499"))).isEqualTo(1));
        PrometheusText after = scrape();
        assertThat(total(after, "gateway_requests_total", Map.of("model", model))
                - total(before, "gateway_requests_total", Map.of("model", model))).as("counted once, as 499 only").isEqualTo(1);
        assertThat(total(after, "gateway_provider_errors_total", Map.of("provider", "openai")))
                .as("a client leaving is no provider error")
                .isEqualTo(total(before, "gateway_provider_errors_total", Map.of("provider", "openai")));
    }

    /** Sends {@code first}, then {@code filler} every 20 ms (for at most 60 s) until the gateway closes the connection. */
    private static FakeUpstream.Script silent(String contentType, String first, String filler,
                                              CountDownLatch reached, CountDownLatch closed) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write(first.getBytes(StandardCharsets.UTF_8));
                out.flush();
                reached.countDown();
                for (int i = 0; i < 3000; i++) {
                    TimeUnit.MILLISECONDS.sleep(20);
                    out.write(filler.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                closed.countDown();
            }
        };
    }

    private static boolean readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            seen.append((char) b);
            if (seen.indexOf(marker) >= 0) return true;
        }
        return false;
    }

    private static double total(PrometheusText text, String name, Map<String, String> labels) {
        return text.matching(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    private PrometheusText scrape() throws Exception {
        return PrometheusText.parse(get("/actuator/prometheus").body());
    }
}
