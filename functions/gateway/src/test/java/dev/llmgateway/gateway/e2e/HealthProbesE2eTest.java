package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Liveness and readiness probes exist and are up when the stores answer and the secrets are there. */
class HealthProbesE2eTest extends GatewayE2eTest {

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health", "/health"})
    void probesAreUp(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.tree(response.body()).path("status").asText()).isIn("UP", "ok");
    }
}
