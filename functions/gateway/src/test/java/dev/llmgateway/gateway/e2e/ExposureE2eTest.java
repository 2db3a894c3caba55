package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Deployed ({@code GATEWAY_AUTH=keys}), nothing but health answers without a credential: the model
 * list needs a gateway key, the Prometheus scrape (tenant ids, cost per tenant) needs the separate
 * scrape token, and there is no links page to echo a Host header.
 */
class ExposureE2eTest extends TenantE2eTest {

    @Test
    void theModelListNeedsAGatewayKey() throws Exception {
        assertUnauthorized(call("GET", "/v1/models", null, null));
        assertUnauthorized(call("GET", "/v1/models", null, "sk-not-a-gateway-key"));
        String key = tenantWithKey("exposure-models", null);
        HttpResponse<String> listed = call("GET", "/v1/models", null, key);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(Json.tree(listed.body()).path("object").asText()).isEqualTo("list");
    }

    @Test
    void theScrapeNeedsTheScrapeTokenNotAGatewayKey() throws Exception {
        assertUnauthorized(call("GET", "/actuator/prometheus", null, null));
        assertUnauthorized(call("GET", "/actuator/prometheus", null, tenantWithKey("exposure-scrape", null)));
        assertUnauthorized(call("GET", "/actuator/prometheus", null, ADMIN_KEY));
        HttpResponse<String> scraped = call("GET", "/actuator/prometheus", null, SCRAPE_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("gateway_");
    }

    @Test
    void aPathThatOnlyLooksLikeHealthIsNoWayAround() throws Exception {
        for (String path : new String[] {"/actuator/health/../prometheus", "/actuator/health/..;/prometheus", "/actuator/./prometheus"}) {
            assertThat(rawGet(path, "localhost")).as(path).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void healthIsOpen() throws Exception {
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void thereIsNoLinksPageToEchoTheHostHeader() throws Exception {
        String response = rawGet("/actuator", "attacker.example");
        assertThat(response).doesNotContain("attacker.example").doesNotStartWith("HTTP/1.1 200");
        assertThat(call("GET", "/actuator", null, SCRAPE_TOKEN).statusCode()).isEqualTo(404);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain("gateway_requests_total");
    }

    /** A GET sent byte for byte, so neither the path nor the Host header is normalised by a client. */
    private String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
