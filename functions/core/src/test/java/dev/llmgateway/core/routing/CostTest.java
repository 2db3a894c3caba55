package dev.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

/** Costs from the committed catalogue, exact to the micro-dollar, for every bucket a provider reports. */
class CostTest {
    private final PriceTable prices = PriceTable.defaults();

    private long cost(String provider, String model, Usage usage) {
        return prices.lookup(provider, model).costMicros(usage);
    }

    @Test
    void openAiCachedInputIsBilledAtTheCachedRateAndReasoningAsOutput() {
        Usage usage = Usage.fromOpenAi(Json.tree("""
                {"prompt_tokens":2000,"completion_tokens":500,"total_tokens":2500,
                 "prompt_tokens_details":{"cached_tokens":1500,"audio_tokens":0},
                 "completion_tokens_details":{"reasoning_tokens":300,"audio_tokens":0}}"""));
        assertThat(usage).isEqualTo(Usage.builder().input(500).cacheRead(1500).output(500).reasoning(300).build());
        // o4-mini: 500 x 1.10 + 1,500 x 0.275 + 500 x 4.40 = 550 + 412.5 + 2,200 = 3,162.5 micro-USD, rounded up
        assertThat(cost("openai", "o4-mini-2025-04-16", usage)).isEqualTo(3_163);
    }

    @Test
    void anthropicCacheWritesAreBilledAtTheirLifetimesRates() {
        Usage usage = Usage.builder().input(50).cacheWrite5m(1_000).cacheWrite1h(2_000).cacheRead(400).output(100).build();
        // claude-sonnet-4-5: 50 x 3 + 1,000 x 3.75 + 2,000 x 6 + 400 x 0.30 + 100 x 15
        assertThat(cost("anthropic", "claude-sonnet-4-5-20250929", usage)).isEqualTo(150 + 3_750 + 12_000 + 120 + 1_500);
    }

    @Test
    void aPromptAbove200kTokensIsBilledAtTheLongContextRatesForEveryBucket() {
        Usage usage = Usage.builder().input(150_000).cacheRead(60_000).output(1_000).build(); // prompt 210,000
        // 150,000 x 6 + 60,000 x 0.60 + 1,000 x 22.50
        assertThat(cost("anthropic", "claude-sonnet-4-5", usage)).isEqualTo(900_000 + 36_000 + 22_500);
        Usage under = Usage.builder().input(140_000).cacheRead(60_000).output(1_000).build(); // prompt exactly 200,000
        assertThat(cost("anthropic", "claude-sonnet-4-5", under)).isEqualTo(420_000 + 18_000 + 15_000);
        // gemini-2.5-pro above 200k: 2.50 in, 15 out, 0.25 cached
        assertThat(cost("gemini", "gemini-2.5-pro", Usage.builder().input(200_001).output(10).build())).isEqualTo(500_003 + 150);
    }

    @Test
    void geminiCacheReadsThoughtsAndAudioInputHaveTheirOwnRates() {
        Usage usage = Usage.builder().input(1_000).audioInput(400).cacheRead(4_096).output(126).reasoning(120).build();
        // gemini-2.5-flash: 600 text x 0.30 + 400 audio x 1.00 + 4,096 x 0.03 + 126 x 2.50 = 180 + 400 + 122.88 + 315
        assertThat(cost("gemini", "gemini-2.5-flash", usage)).isEqualTo(1_018);
    }

    @Test
    void bedrockCrossRegionProfilesAndVersionedIdsFindTheirRow() {
        Usage usage = Usage.builder().input(12).cacheRead(1_800).cacheWrite5m(248).output(40).build();
        // 12 x 3 + 1,800 x 0.30 + 248 x 3.75 + 40 x 15 = 36 + 540 + 930 + 600
        assertThat(cost("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", usage)).isEqualTo(2_106);
        // nova-pro: 12 x 0.80 + 1,800 x 0.20 + 248 x 0.80 (writes at the input rate) + 40 x 3.20 = 9.6 + 360 + 198.4 + 128
        assertThat(cost("bedrock", "amazon.nova-pro-v1:0", usage)).isEqualTo(696);
    }

    @Test
    void aNewModelThatSharesAnOldModelsPrefixIsUnpricedNotBilledAtTheOldPrice() {
        assertThat(prices.lookup("anthropic", "claude-opus-4-8")).isNull();
        assertThat(prices.lookup("openai", "gpt-4o-audio-preview")).isNull();
        assertThat(prices.lookup("gemini", "gemini-3.5-flash")).isNull();
        assertThat(prices.lookup("openai", "gpt-4o-2024-08-06")).isEqualTo(prices.lookup("openai", "gpt-4o"));
        assertThat(prices.lookup("ollama", "llama3.2").costMicros(Usage.of(1_000, 1_000))).isZero();
        Price assumed = PriceTable.defaults(Price.of("15", "75", null)).lookup("anthropic", "claude-opus-4-8");
        assertThat(assumed.assumed()).isTrue();
        assertThat(assumed.costMicros(Usage.of(1_000, 100))).isEqualTo(15_000 + 7_500);
    }

    @Test
    void everyCatalogueRowCitesItsSourceAndDate() {
        var root = Json.tree(new String(readCatalogue(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(root.path("prices")).isNotEmpty().allSatisfy(row -> {
            assertThat(row.path("source").asText()).startsWith("https://");
            assertThat(row.path("as_of").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        });
        assertThat(PriceCatalogue.read(root)).hasSize(root.path("prices").size());
    }

    private static byte[] readCatalogue() {
        try (var in = CostTest.class.getResourceAsStream("/prices.json")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
