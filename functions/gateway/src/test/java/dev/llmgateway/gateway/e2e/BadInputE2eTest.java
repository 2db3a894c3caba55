package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad requests get OpenAI's error envelope with the right status, and the gateway keeps serving. */
class BadInputE2eTest extends GatewayE2eTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON    | {\"model\": \"gpt-4o\", | 400 | invalid_json               | ",
            "wrong type        | {\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"ten\"} | 400 | invalid_type | max_tokens",
            "empty messages    | {\"model\":\"gpt-4o\",\"messages\":[]} | 400 | empty_array                 | messages",
            "missing model     | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | missing_required_parameter | model",
            "unknown model     | {\"model\":\"nope-1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 404 | model_not_found | model",
            "unhonoured field  | {\"model\":\"ollama/llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":{\"1\":2}} | 400 | unsupported_parameter | logit_bias",
    })
    void badRequestsGetAnOpenAiErrorEnvelope(String name, String body, int status, String code, String param) throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", body);
        assertError(response, status, code);
        assertThat(Json.tree(response.body()).at("/error/param").isNull() ? null : Json.tree(response.body()).at("/error/param").asText())
                .isEqualTo(param);
        assertStillServing();
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String huge = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(MAX_BODY_BYTES) + "\"}]}";
        assertError(post("/v1/chat/completions", huge), 413, "request_too_large");
        assertStillServing();
    }

    @Test
    void unknownPathAndWrongMethodAreEnvelopesNotErrorPages() throws Exception {
        assertError(get("/v1/nothing-here"), 404, "not_found");
        assertError(get("/v1/chat/completions"), 405, "method_not_allowed");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = Json.tree(response.body()).get("error");
        assertThat(error).as("OpenAI error envelope in %s", response.body()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("type")).isTrue();
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private void assertStillServing() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }
}
