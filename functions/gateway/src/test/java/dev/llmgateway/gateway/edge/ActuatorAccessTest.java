package dev.llmgateway.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ActuatorAccessTest {

    private static int status(ActuatorAccess access, String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        if (authorization != null) request.addHeader("Authorization", authorization);
        MockHttpServletResponse response = new MockHttpServletResponse();
        access.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void withKeysRequiredAndNoScrapeTokenTheScrapeIsClosedButHealthIsOpen() throws Exception {
        ActuatorAccess deployed = new ActuatorAccess(null, false);
        assertThat(status(deployed, "/actuator/prometheus", null)).isEqualTo(401);
        assertThat(status(deployed, "/actuator/prometheus", "Bearer ")).isEqualTo(401);
        assertThat(status(deployed, "/actuator/health", null)).isEqualTo(200);
        assertThat(status(deployed, "/actuator/health/readiness", null)).isEqualTo(200);
    }

    @Test
    void locallyWithOpenAuthAndNoTokenTheScrapeIsOpen() throws Exception {
        assertThat(status(new ActuatorAccess("", true), "/actuator/prometheus", null)).isEqualTo(200);
    }

    @Test
    void aSetTokenIsRequiredEvenWithOpenAuth() throws Exception {
        ActuatorAccess access = new ActuatorAccess("s3cret", true);
        assertThat(status(access, "/actuator/prometheus", null)).isEqualTo(401);
        assertThat(status(access, "/actuator/prometheus", "Bearer s3cre")).isEqualTo(401);
        assertThat(status(access, "/actuator/prometheus", "Bearer s3cret")).isEqualTo(200);
    }
}
