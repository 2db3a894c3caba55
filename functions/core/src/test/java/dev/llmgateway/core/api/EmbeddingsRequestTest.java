package dev.llmgateway.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.budget.Estimate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddingsRequestTest {
    private static EmbeddingsRequest parse(String json) {
        return EmbeddingsRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStringIsOneTextInput() {
        EmbeddingsRequest request = parse("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");
        assertThat(request.model()).isEqualTo("text-embedding-3-small");
        assertThat(request.inputs()).containsExactly(new EmbeddingsRequest.Input.Text("hello"));
        assertThat(request.encoding()).isEqualTo(EmbeddingsRequest.Encoding.FLOAT);
        assertThat(request.dimensions()).isNull();
    }

    @Test
    void everyInputShapeKeepsItsOrder() {
        assertThat(parse("{\"model\":\"m\",\"input\":[\"a\",\"b\",\"c\"]}").inputs()).containsExactly(
                new EmbeddingsRequest.Input.Text("a"), new EmbeddingsRequest.Input.Text("b"), new EmbeddingsRequest.Input.Text("c"));
        assertThat(parse("{\"model\":\"m\",\"input\":[5,0,7]}").inputs()).containsExactly(
                new EmbeddingsRequest.Input.Tokens(List.of(5, 0, 7)));
        assertThat(parse("{\"model\":\"m\",\"input\":[[1,2],[3]]}").inputs()).containsExactly(
                new EmbeddingsRequest.Input.Tokens(List.of(1, 2)), new EmbeddingsRequest.Input.Tokens(List.of(3)));
    }

    @Test
    void theOptionalFieldsAreRead() {
        EmbeddingsRequest request = parse("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":256,\"encoding_format\":\"base64\",\"user\":\"u-1\"}");
        assertThat(request.dimensions()).isEqualTo(256);
        assertThat(request.encoding()).isEqualTo(EmbeddingsRequest.Encoding.BASE64);
        assertThat(request.user()).isEqualTo("u-1");
    }

    @Test
    void exactly2048InputsAreAccepted() {
        assertThat(parse("{\"model\":\"m\",\"input\":" + strings(2048) + "}").inputs()).hasSize(2048);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"input\":\"x\"}                                   | model",
            "{\"model\":\"\",\"input\":\"x\"}                    | model",
            "{\"model\":\"m\"}                                   | input",
            "{\"model\":\"m\",\"input\":null}                    | input",
            "{\"model\":\"m\",\"input\":\"\"}                    | input",
            "{\"model\":\"m\",\"input\":[]}                      | input",
            "{\"model\":\"m\",\"input\":[\"a\",\"\"]}            | input",
            "{\"model\":\"m\",\"input\":42}                      | input",
            "{\"model\":\"m\",\"input\":{\"text\":\"a\"}}        | input",
            "{\"model\":\"m\",\"input\":[\"a\",[1]]}             | input",
            "{\"model\":\"m\",\"input\":[[1],\"a\"]}             | input",
            "{\"model\":\"m\",\"input\":[1,\"a\"]}               | input",
            "{\"model\":\"m\",\"input\":[1,-2]}                  | input",
            "{\"model\":\"m\",\"input\":[1.5]}                   | input",
            "{\"model\":\"m\",\"input\":[[]]}                    | input",
            "{\"model\":\"m\",\"input\":[true]}                  | input",
            "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}      | dimensions",
            "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":-3}     | dimensions",
            "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":1.5}    | dimensions",
            "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":\"8\"}  | dimensions",
            "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"int8\"} | encoding_format",
            "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":1}        | encoding_format",
            "{\"model\":\"m\",\"input\":\"x\",\"user\":7}                   | user",
    })
    void badInputIsA400NamingTheField(String json, String param) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).startsWith(param + ":");
        });
    }

    @Test
    void moreThan2048InputsAreRefused() {
        assertThatThrownBy(() -> parse("{\"model\":\"m\",\"input\":" + strings(2049) + "}"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.param()).isEqualTo("input");
                    assertThat(e.getMessage()).contains("2048").contains("2049");
                });
    }

    @Test
    void notJsonIsA400() {
        assertThatThrownBy(() -> parse("{nope")).isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void bytesThatAreNotStrictUtf8AreA400() {
        byte[] overlong = {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', 'm', '"', ',', '"', 'i', 'n', 'p', 'u', 't', '"', ':', '"',
                (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertThatThrownBy(() -> EmbeddingsRequest.parse(overlong))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void onlyTheModelIsRewrittenForPassthrough() {
        String body = "{\"input\": [\"a\"], \"model\" : \"openai/text-embedding-3-small\", \"encoding_format\":\"base64\"}";
        assertThat(new String(parse(body).bodyFor("text-embedding-3-small"), StandardCharsets.UTF_8))
                .isEqualTo(body.replace("openai/text-embedding-3-small", "text-embedding-3-small"));
    }

    @Test
    void theEstimateIsTheInputTokensWithNoOutput() {
        Estimate.Settings settings = Estimate.Settings.DEFAULTS; // 2 bytes per token
        assertThat(Estimate.of(parse("{\"model\":\"m\",\"input\":[\"abcd\",\"é\",\"xyz\"]}"), settings))
                .isEqualTo(new Estimate(2 + 1 + 2, 0));
        assertThat(Estimate.of(parse("{\"model\":\"m\",\"input\":[[1,2,3],[4]]}"), settings)).isEqualTo(new Estimate(4, 0));
    }

    private static String strings(int n) {
        return "[" + "\"a\",".repeat(n - 1) + "\"a\"]";
    }
}
