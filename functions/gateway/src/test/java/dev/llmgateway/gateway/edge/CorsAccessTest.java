package dev.llmgateway.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Off by default: no origin is allowed, and a preflight is refused in the envelope; with any origin, only the API is open to them. */
class CorsAccessTest {

    private static MockHttpServletResponse send(CorsAccess cors, String method, boolean preflight) throws Exception {
        return send(cors, method, preflight, "/v1/chat/completions", new MockFilterChain());
    }

    private static MockHttpServletResponse send(CorsAccess cors, String method, boolean preflight, String path, MockFilterChain chain)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        request.addHeader("Origin", "https://app.example");
        if (preflight) {
            request.addHeader("Access-Control-Request-Method", "POST");
            request.addHeader("Access-Control-Request-Headers", "authorization,content-type");
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        cors.doFilter(request, response, chain);
        return response;
    }

    /** The template's setting: the console's playground calls the API from the admin function's origin. */
    @Test
    void anyOriginIsAPreflightAnsweredHereForTheApiOnlyAndNothingIsServedByIt() throws Exception {
        CorsAccess any = CorsAccess.of("*");
        MockFilterChain served = new MockFilterChain();
        MockHttpServletResponse preflight = send(any, "OPTIONS", true, "/v1/chat/completions", served);
        assertThat(preflight.getStatus()).isEqualTo(204);
        assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).as("no cookies").isNull();
        assertThat(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase()).contains("authorization");
        assertThat(served.getRequest()).as("the preflight reaches no handler").isNull();

        for (String path : new String[] {"/admin/tenants", "/actuator/prometheus", "/internal/snapstart/before-checkpoint", "/health"}) {
            MockFilterChain other = new MockFilterChain();
            MockHttpServletResponse refused = send(any, "OPTIONS", true, path, other);
            assertThat(refused.getStatus()).as(path).isEqualTo(403);
            assertThat(Json.tree(refused.getContentAsString()).at("/error/code").asText()).isEqualTo("cors_not_allowed");
            assertThat(refused.getHeader("Access-Control-Allow-Origin")).as(path).isNull();
            assertThat(other.getRequest()).isNull();
        }

        // The call itself goes on to the gateway (which then checks the key), with the allow header so the page can read the answer.
        MockFilterChain call = new MockFilterChain();
        MockHttpServletResponse post = send(any, "POST", false, "/v1/chat/completions", call);
        assertThat(call.getRequest()).isNotNull();
        assertThat(post.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void withoutConfiguredOriginsAPreflightIs403InTheEnvelope() throws Exception {
        MockHttpServletResponse response = send(CorsAccess.of(null), "OPTIONS", true);
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(Json.tree(response.getContentAsString()).at("/error/code").asText()).isEqualTo("cors_not_allowed");
        assertThat(response.getContentAsString()).contains("GATEWAY_CORS_ALLOWED_ORIGINS");
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void withoutConfiguredOriginsARequestGoesOnWithoutAllowHeaders() throws Exception {
        MockHttpServletResponse response = send(CorsAccess.of(" "), "POST", false);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }
}
