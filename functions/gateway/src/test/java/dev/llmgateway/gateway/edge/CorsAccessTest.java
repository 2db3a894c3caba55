package dev.llmgateway.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Off by default: no origin is allowed, and a preflight is refused in the envelope. */
class CorsAccessTest {

    private static MockHttpServletResponse send(CorsAccess cors, String method, boolean preflight) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/v1/chat/completions");
        request.setServletPath("/v1/chat/completions");
        request.addHeader("Origin", "https://app.example");
        if (preflight) request.addHeader("Access-Control-Request-Method", "POST");
        MockHttpServletResponse response = new MockHttpServletResponse();
        cors.doFilter(request, response, new MockFilterChain());
        return response;
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
