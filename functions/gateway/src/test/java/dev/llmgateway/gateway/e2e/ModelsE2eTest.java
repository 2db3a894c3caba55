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

        // A provider/model id with its slash as it is.
        JsonNode named = Json.tree(get("/v1/models/anthropic/claude-sonnet-4-5").body());
        assertThat(named.get("id").asText()).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(named.get("owned_by").asText()).isEqualTo("anthropic");
    }

    @Test
    void theSdksPercentEncodedSlashRetrievesTheSameModelAsTheRawOne() throws Exception {
        Model encoded = sdk().models().retrieve("ollama/llama3.2"); // sent as /v1/models/ollama%2Fllama3.2
        assertThat(encoded.id()).isEqualTo("ollama/llama3.2");
        assertThat(encoded.ownedBy()).isEqualTo("ollama");
        Model nested = sdk().models().retrieve("ollama/hf.co/org/model:Q4");
        assertThat(nested.id()).isEqualTo("ollama/hf.co/org/model:Q4");

        JsonNode raw = Json.tree(get("/v1/models/ollama/llama3.2").body());
        assertThat(raw.get("id").asText()).isEqualTo("ollama/llama3.2");
        JsonNode lower = Json.tree(get("/v1/models/ollama%2fllama3.2").body());
        assertThat(lower.get("id").asText()).isEqualTo("ollama/llama3.2");
    }

    @Test
    void anEncodedSlashAnywhereElseIs400InOpenAisEnvelope() throws Exception {
        assertThat(error("/v1/chat%2Fcompletions", 400).get("code").asText()).isEqualTo("invalid_path");
        assertThat(error("/actuator%2Fprometheus", 400).get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void anUnknownModelIs404ModelNotFound() throws Exception {
        assertThatThrownBy(() -> sdk().models().retrieve("no-such-model")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk().models().retrieve("nobody/some-model")).as("encoded").isInstanceOf(NotFoundException.class);

        JsonNode error = error("/v1/models/nobody/some-model", 404);
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("param").asText()).isEqualTo("model");
    }

    private JsonNode error(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        return Json.tree(response.body()).get("error");
    }
}
