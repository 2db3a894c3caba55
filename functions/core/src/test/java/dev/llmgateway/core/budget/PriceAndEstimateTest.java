package dev.llmgateway.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.routing.Price;
import dev.llmgateway.core.routing.PriceTable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PriceAndEstimateTest {
    @Test
    void cachedTokensAreBilledOnceAtTheCachedRateBecausePromptTokensIncludeThem() {
        Price price = Price.of("3.00", "15.00", "0.30");
        // 10,000 prompt tokens of which 8,000 were cache reads, 1,000 output.
        long cost = price.costMicros(Usage.of(10_000, 1_000, 8_000));
        assertThat(cost).isEqualTo(23_400); // 2,000 x 3 + 8,000 x 0.30 + 1,000 x 15 micro-USD
        // Without caching the same tokens cost the full input rate: caching can only lower the bill.
        assertThat(price.costMicros(Usage.of(10_000, 1_000, 0))).isEqualTo(45_000);
    }

    @Test
    void costIsRoundedUpToWholeMicroDollars() {
        assertThat(Price.of("0.15", "0.60", "0.075").costMicros(Usage.of(3, 0, 0))).isEqualTo(1); // 0.45 micro-USD
    }

    @Test
    void priceTableMatchesDatedSnapshotsByLongestPrefix() {
        PriceTable table = PriceTable.defaults();
        assertThat(table.lookup("openai", "gpt-4o-mini-2024-07-18")).isEqualTo(Price.of("0.15", "0.60", "0.075"));
        assertThat(table.lookup("openai", "gpt-4o-2024-08-06")).isEqualTo(Price.of("2.50", "10.00", "1.25"));
        assertThat(table.lookup("ollama", "llama3.2").costMicros(Usage.of(1000, 1000))).isZero();
        assertThat(table.lookup("openai", "unknown-model")).isNull();
    }

    @Test
    void estimateBoundsTheRealCountFromAbove() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(100); // ~1,000 real tokens, 4,500 bytes
        ChatRequest request = ChatRequest.parse(("{\"model\":\"gpt-4o\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}").getBytes(StandardCharsets.UTF_8));
        Estimate estimate = Estimate.of(request, Estimate.Settings.DEFAULTS);
        assertThat(estimate.promptTokens()).isEqualTo(4_500 / 2 + 4);
        assertThat(estimate.outputTokens()).isEqualTo(50);
        ChatRequest noMax = ChatRequest.parse("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(Estimate.of(noMax, Estimate.Settings.DEFAULTS).outputTokens()).isEqualTo(4096);
    }
}
