package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The data plane serves no admin API: {@code /admin} is the admin application's, beside it on the same stores. */
class AdminSplitE2eTest extends TenantE2eTest {

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/admin/routes", "/admin/tenants", "/admin/usage", "/admin/audit", "/admin/audit/verify"})
    void theGatewayAnswers404OnAdminPathsEvenWithTheAdminKey(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void aKeyMadeByTheAdminApplicationWorksOnTheGatewayAtOnce() throws Exception {
        OPENAI.on(OPENAI_PATH, echoModel());
        String key = tenantWithKey("split", null);
        assertThat(call("POST", OPENAI_PATH, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", key)
                .statusCode()).isEqualTo(200);
        adminOk("DELETE", "/admin/tenants/split/keys/" + adminOk("GET", "/admin/tenants/split/keys", null).at("/data/0/id").asText(), null);
        assertThat(call("POST", OPENAI_PATH, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", key)
                .statusCode()).isEqualTo(401); // the admin application cleared the gateway's key cache
    }
}
