package dev.llmgateway.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.budget.Estimate;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesRequestTest {
    private static MessagesRequest parse(String json) {
        return MessagesRequest.parse(json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String rewritten(String json, String model) {
        return new String(parse(json).bodyFor(model), StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheTopLevelModelValueChangesWhateverSurroundsIt() {
        String body = "{ \"metadata\": {\"model\": \"inner\"},\n \"model\"\t:  \"anthropic/claude\\u002dx\" ,"
                + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"model\"}], \"zz\": [1, {\"model\": 2}] }";

        assertThat(rewritten(body, "claude-x")).isEqualTo(body.replace("\"anthropic/claude\\u002dx\"", "\"claude-x\""));
    }

    @Test
    void anUnchangedModelKeepsTheVeryBytes() {
        MessagesRequest request = parse("{\"model\":\"claude-x\",\"max_tokens\":1,\"messages\":[]}");
        assertThat(request.bodyFor("claude-x")).isSameAs(request.body());
    }

    @Test
    void theNewModelIsJsonEscaped() {
        assertThat(rewritten("{\"model\":\"a\",\"max_tokens\":1,\"messages\":[]}", "we\"ird"))
                .isEqualTo("{\"model\":\"we\\\"ird\",\"max_tokens\":1,\"messages\":[]}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":                                    | ",
            "[1]                                            | ",
            "{\"max_tokens\":1,\"messages\":[]}             | model",
            "{\"model\":7,\"max_tokens\":1,\"messages\":[]} | model",
            "{\"model\":\"m\",\"max_tokens\":1}             | messages",
            "{\"model\":\"m\",\"messages\":[]}              | max_tokens",
            "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[]} | max_tokens",
            "{\"model\":\"m\",\"max_tokens\":1.5,\"messages\":[]} | max_tokens",
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"stream\":\"yes\"} | stream",
    })
    void badInputIsA400NamingTheField(String body, String field) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(field);
        });
    }

    @Test
    void countTokensNeedsNoMaxTokens() {
        MessagesRequest request = MessagesRequest.parseCount("{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(request.maxTokens()).isNull();
    }

    @Test
    void theEstimateCountsTextButNotBase64AndReservesMaxTokens() {
        String image = "A".repeat(100_000);
        MessagesRequest request = parse("{\"model\":\"m\",\"max_tokens\":300,\"system\":\"abcd\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"efgh\"},{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"" + image + "\"}}]}]}");

        Estimate estimate = Estimate.of(request, new Estimate.Settings(2, 1500, 4096));

        // strings: abcd, user, text, efgh, image, base64, image/png = 4+4+4+4+5+6+9 = 36 bytes -> 18; 4 per message; one image
        assertThat(estimate.promptTokens()).isEqualTo(18 + 4 + 1500);
        assertThat(estimate.outputTokens()).isEqualTo(300);
    }
}
