package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A body that is not strict UTF-8 is refused as malformed JSON before anything reaches a provider,
 * whatever the ill-formed sequence: none is decoded into other text and sent on.
 */
class InvalidUtf8E2eTest extends GatewayE2eTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "overlong slash,          C0AF",
            "overlong quote,          C0A2",
            "overlong three-byte NUL, E08080",
            "high surrogate,          EDA080",
            "low surrogate,           EDB080",
            "above U+10FFFF,          F4908080",
            "not UTF-8 at all,        FFFE",
            "lone continuation byte,  80",
            "truncated sequence,      C3",
    })
    void illFormedUtf8InTheBodyIs400InvalidJson(String name, String hex) throws Exception {
        int before = OLLAMA.received().size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"model\":\"ollama/llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"a".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(HexFormat.of().parseHex(hex));
        body.writeBytes("b\"}]}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(OLLAMA.received()).as("nothing reached the provider").hasSize(before);
    }
}
