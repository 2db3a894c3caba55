package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.RateLimitException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** /v1/embeddings under keys and budgets: the input tokens are charged once, a spent budget refuses before the upstream. */
class EmbeddingsBudgetE2eTest extends TenantE2eTest {
    private static final String ANSWER = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,0.25]},"
            + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[1.0,-1.0]}],\"model\":\"text-embedding-3-small\","
            + "\"usage\":{\"prompt_tokens\":9,\"total_tokens\":9}}";

    @Test
    void theUpstreamsInputTokensAreChargedOnce() throws Exception {
        String key = tenantWithKey("embedder", "{\"tokens_per_day\":100000}");
        OPENAI.on("/v1/embeddings", json(200, ANSWER));

        sdk(key).embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .inputOfArrayOfStrings(List.of("one", "two")).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        JsonNode day = adminOk("GET", "/admin/tenants/embedder/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("the upstream's 9 prompt tokens, no output").isEqualTo(9);
        assertThat(day.get("requests").asLong()).isEqualTo(1);
    }

    @Test
    void geminiReportsNoTokensSoTheGatewaysCountIsChargedOnceAcrossASplitBatch() throws Exception {
        String key = tenantWithKey("embedder-gemini", "{\"tokens_per_day\":100000}");
        GEMINI.on("/v1beta/models/gemini-embedding-001:batchEmbedContents", exchange -> {
            int count = Json.tree(new String((byte[]) exchange.getAttribute(FakeUpstream.BODY), StandardCharsets.UTF_8))
                    .get("requests").size();
            json(200, "{\"embeddings\":[" + String.join(",", Collections.nCopies(count, "{\"values\":[0.5]}")) + "]}")
                    .answer(exchange);
        });
        List<String> texts = IntStream.range(0, 150).mapToObj(i -> "document number " + i).toList();

        CreateEmbeddingResponse response = sdk(key).embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini/gemini-embedding-001").inputOfArrayOfStrings(texts).build());

        long counted = texts.stream().mapToLong(OpenAiTokenizer::count).sum();
        assertThat(response.usage().promptTokens()).isEqualTo(counted);
        JsonNode day = adminOk("GET", "/admin/tenants/embedder-gemini/usage", null).get("day");
        assertThat(day.get("tokens").asLong()).as("two upstream calls, charged once").isEqualTo(counted);
        assertThat(day.get("requests").asLong()).isEqualTo(1);
    }

    @Test
    void anInputAboveTheBudgetIsRefusedBeforeTheUpstream() throws Exception {
        String key = tenantWithKey("embedder-capped", "{\"tokens_per_day\":10}");
        String input = "x".repeat(200); // 100 tokens by the bytes estimate

        assertThatThrownBy(() -> sdk(key).embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .input(input).build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getMessage()).contains("Budget exceeded"));
        assertThat(OPENAI.received()).noneMatch(r -> r.bodyText().contains(input));
        assertThat(adminOk("GET", "/admin/tenants/embedder-capped/usage", null).at("/day/tokens").asLong()).isZero();
    }
}
