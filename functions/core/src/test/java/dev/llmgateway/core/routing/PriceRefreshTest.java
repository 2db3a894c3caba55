package dev.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The converter from LiteLLM's price map format, on a small sample written in that format. */
class PriceRefreshTest {
    private final Map<String, ObjectNode> rows = PriceRefresh.convert(
            Json.tree(Fixtures.text("../prices/litellm-sample.json")), "https://example.org/prices.json", "2026-01-02");

    @Test
    void chatModelsOfTheGatewaysProvidersBecomeRowsInUsdPerMillionTokensExactly() {
        assertThat(rows.keySet()).containsExactlyInAnyOrder("openai/gpt-4o", "openai/o4-mini",
                "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash", "bedrock/amazon.nova-lite-v1:0");
        assertThat(rows.get("openai/gpt-4o").toString()).isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input\":2.5,"
                + "\"output\":10,\"cache_read\":1.25,\"batch\":{\"input\":1.25,\"output\":5},"
                + "\"source\":\"https://example.org/prices.json\",\"as_of\":\"2026-01-02\"}");
        JsonNode sonnet = rows.get("anthropic/claude-sonnet-4-5");
        assertThat(sonnet.get("cache_read").decimalValue()).as("binary float noise rounded away").isEqualByComparingTo("0.3");
        assertThat(sonnet.get("cache_write_1h").decimalValue()).isEqualByComparingTo("6");
        assertThat(sonnet.get("long_context").toString()).isEqualTo(
                "{\"above_input_tokens\":200000,\"input\":6,\"output\":22.5,\"cache_read\":0.6,\"cache_write_5m\":7.5}");
        assertThat(rows.get("openai/o4-mini").get("flex").toString()).isEqualTo("{\"input\":0.55,\"output\":2.2,\"cache_read\":0.138}");
        assertThat(rows.get("gemini/gemini-2.5-flash").get("audio_input").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void mergedRowsReplaceTheirOldOnesKeepTheRestAndReadBackAsTheSamePrices() {
        JsonNode current = Json.tree("""
                {"about":"test","prices":[
                 {"provider":"openai","model":"gpt-4o","input":1,"output":1,"source":"https://old","as_of":"2025-01-01"},
                 {"provider":"openai","model":"gpt-4.1","input":2,"output":8,"cache_read":0.5,"source":"https://page","as_of":"2025-11-01"}]}""");
        JsonNode merged = Json.tree(PriceRefresh.merge(current, rows));
        Map<String, Price> prices = PriceCatalogue.read(merged);
        assertThat(prices).containsKeys("openai/gpt-4.1", "anthropic/claude-sonnet-4-5").hasSize(6);
        Usage usage = Usage.builder().input(150_000).cacheRead(60_000).output(1_000).build();
        assertThat(prices.get("anthropic/claude-sonnet-4-5").costMicros(usage)).isEqualTo(900_000 + 36_000 + 22_500);
        assertThat(prices.get("openai/gpt-4o").input()).isEqualByComparingTo("2.5");
        assertThat(merged.path("about").asText()).isEqualTo("test");
    }
}
