package dev.llmgateway.gateway.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Only the hook named by its adapter variable answers; the other is an unknown URL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH=" + SnapStartLifecycle.BEFORE_CHECKPOINT_PATH,
        "GATEWAY_MODE=deployed"})
class SnapStartHookControllerTest {
    @LocalServerPort
    int port;

    @Autowired
    SnapStartLifecycle lifecycle;

    private int post(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void configuredBeforeCheckpointHookPrimes() throws Exception {
        int before = lifecycle.primedCount();
        assertThat(post(SnapStartLifecycle.BEFORE_CHECKPOINT_PATH)).isEqualTo(204);
        assertThat(lifecycle.primedCount()).isEqualTo(before + 1);
    }

    @Test
    void unconfiguredAfterRestoreHookIsNotFound() throws Exception {
        int before = lifecycle.restoreCount();
        assertThat(post(SnapStartLifecycle.AFTER_RESTORE_PATH)).isEqualTo(404);
        assertThat(lifecycle.restoreCount()).isEqualTo(before);
    }
}
