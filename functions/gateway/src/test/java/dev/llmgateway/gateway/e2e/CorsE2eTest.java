package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With an allowed origin configured, a browser application can call the API directly, errors included. */
class CorsE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/chat/completions";

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postFrom(String origin, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + PATH))
                .header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPreflightFromAnAllowedOriginIs204WithTheAllowHeaders() throws Exception {
        HttpResponse<String> response = preflight(PATH, CORS_ORIGIN, "POST", "authorization,content-type,x-stainless-os");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue(CORS_ORIGIN);
        assertThat(response.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");
        assertThat(response.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase())
                .contains("authorization").contains("content-type").contains("x-stainless-os");
        assertThat(response.headers().firstValue("access-control-max-age")).hasValue("600");
        assertThat(response.headers().allValues("vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
    }

    @Test
    void answersAndErrorsToAnAllowedOriginCarryTheAllowAndExposeHeaders() throws Exception {
        OPENAI.on(PATH, FakeUpstream.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}"));
        HttpResponse<String> ok = postFrom(CORS_ORIGIN, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("access-control-allow-origin")).hasValue(CORS_ORIGIN);
        assertThat(ok.headers().firstValue("access-control-expose-headers").orElse("")).contains("X-Gateway-Provider");

        HttpResponse<String> bad = postFrom(CORS_ORIGIN, "{\"model\":");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("access-control-allow-origin")).as("the browser may read the error").hasValue(CORS_ORIGIN);
    }

    @Test
    void anotherOriginIsRefusedWithAnEnvelopeAndNoAllowHeader() throws Exception {
        HttpResponse<String> response = preflight(PATH, "https://evil.example", "POST", "authorization");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("cors_not_allowed");
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<String> wrongMethod = preflight(PATH, CORS_ORIGIN, "DELETE", "authorization");
        assertThat(wrongMethod.statusCode()).isEqualTo(403);
        assertThat(Json.tree(wrongMethod.body()).at("/error/code").asText()).isEqualTo("cors_not_allowed");
    }

    @Test
    void onlyTheApiIsOpenToOtherOrigins() throws Exception {
        HttpResponse<String> response = preflight("/admin/tenants", CORS_ORIGIN, "GET", "authorization");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("cors_not_allowed");
    }
}
