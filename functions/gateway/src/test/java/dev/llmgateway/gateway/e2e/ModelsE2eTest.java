package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import dev.llmgateway.core.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models/{id}} through the OpenAI SDK's models.retrieve. */
class ModelsE2eTest extends GatewayE2eTest {
    @Test
    void aServedModelIsRetrievedWithItsProvider() throws Exception {
        Model bare = sdk().models().retrieve("gpt-4o");
        assertThat(bare.id()).isEqualTo("gpt-4o");
        assertThat(bare.ownedBy()).isEqualTo("openai");

        // A provider/model id with its slash as it is (the SDKs percent-encode it, which the server refuses).
        JsonNode named = Json.tree(get("/v1/models/anthropic/claude-sonnet-4-5").body());
        assertThat(named.get("id").asText()).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(named.get("owned_by").asText()).isEqualTo("anthropic");
    }

    @Test
    void anUnknownModelIs404ModelNotFound() throws Exception {
        assertThatThrownBy(() -> sdk().models().retrieve("no-such-model")).isInstanceOf(NotFoundException.class);

        HttpResponse<String> response = get("/v1/models/nobody/some-model");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = Json.tree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("param").asText()).isEqualTo("model");
    }
}
