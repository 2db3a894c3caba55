package dev.llmgateway.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private static final LedgerCounts A = LedgerCounts.settled(2300, 368,
            Usage.builder().input(500).cacheRead(1500).output(300).reasoning(100).build(), false);
    private static final LedgerCounts B = LedgerCounts.settled(20, 7, null, true);

    private final InMemoryUsageLedger ledger = new InMemoryUsageLedger();
    private final UsageReport report = new UsageReport(ledger, NOW);

    private static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        return out;
    }

    private void add(String day, String key, String provider, String model, LedgerCounts counts) {
        ledger.add(new LedgerLine("acme", LocalDate.parse(day), key, provider, model, counts));
    }

    private JsonNode json(String... pairs) {
        UsageReport.Export export = report.get(query(pairs));
        assertThat(export.contentType()).isEqualTo("application/json");
        return Json.tree(new String(export.body(), StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultIsEveryLineOfTheLastThirtyDaysByDayKeyAndModelWithExactTotals() {
        add("2026-12-02", "k1", "openai", "gpt-4o-mini", A);
        add("2026-12-02", "k1", "openai", "gpt-4o-mini", A);
        add("2026-11-03", null, "anthropic", "claude-haiku-4-5", B); // the first of the 30 days
        add("2026-11-02", "k1", "openai", "gpt-4o-mini", A); // the day before: outside
        JsonNode out = json("tenant", "acme");
        assertThat(out.path("from").asText()).isEqualTo("2026-11-03");
        assertThat(out.path("to").asText()).isEqualTo("2026-12-02");
        assertThat(out.path("group_by").toString()).isEqualTo("[\"day\",\"key\",\"model\"]");
        assertThat(out.path("data")).hasSize(2);
        JsonNode first = out.path("data").get(0);
        assertThat(first.path("day").asText()).isEqualTo("2026-11-03");
        assertThat(first.has("key")).isTrue();
        assertThat(first.path("key").isNull()).isTrue();
        assertThat(first.path("estimated_requests").asLong()).isEqualTo(1);
        assertThat(first.path("unpriced_requests").asLong()).isEqualTo(1);
        JsonNode second = out.path("data").get(1);
        assertThat(second.path("provider").asText()).isEqualTo("openai");
        assertThat(second.path("requests").asLong()).isEqualTo(2);
        assertThat(second.path("cache_read_tokens").asLong()).isEqualTo(3000);
        assertThat(second.path("reasoning_tokens").asLong()).isEqualTo(200);
        assertThat(second.path("usd_micros").asLong()).isEqualTo(736);
        assertThat(second.path("cost_usd").decimalValue()).isEqualByComparingTo("0.000736");
        assertThat(out.path("total").path("usd_micros").asLong()).isEqualTo(743);
        String body = new String(report.get(query("tenant", "acme")).body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"cost_usd\":0.000736}").endsWith("\"cost_usd\":0.000743}}"); // never 7.36E-4
        assertThat(out.path("total").path("requests").asLong()).isEqualTo(3);
    }

    @Test
    void groupingByModelSumsKeysAndDaysAndKeepsProvidersApart() {
        add("2026-12-01", "k1", "openai", "gpt-4o-mini", A);
        add("2026-12-02", "k2", "openai", "gpt-4o-mini", A);
        add("2026-12-02", "k2", "azure", "gpt-4o-mini", B);
        JsonNode out = json("tenant", "acme", "from", "2026-12-01", "to", "2026-12-02", "group_by", "model");
        assertThat(out.path("data")).hasSize(2);
        assertThat(out.path("data").get(0).path("provider").asText()).isEqualTo("azure");
        assertThat(out.path("data").get(1).path("requests").asLong()).isEqualTo(2);
        assertThat(out.path("data").get(1).has("day")).isFalse();
        assertThat(out.path("data").get(1).has("key")).isFalse();

        JsonNode byDay = json("tenant", "acme", "from", "2026-12-01", "to", "2026-12-02", "group_by", "day");
        assertThat(byDay.path("data")).hasSize(2);
        assertThat(byDay.path("data").get(1).path("usd_micros").asLong()).isEqualTo(375);
        JsonNode byKey = json("tenant", "acme", "from", "2026-12-01", "to", "2026-12-02", "group_by", "key,day");
        assertThat(byKey.path("data")).hasSize(2);
    }

    @Test
    void csvHasAHeaderAndEscapesModelNamesIncludingFormulaLikeOnes() {
        add("2026-12-02", "k1", "openai", "=HYPERLINK(\"x\",\"y\")", A);
        add("2026-12-02", "k1", "ollama", "llama3.2,latest", B);
        UsageReport.Export export = report.get(query("tenant", "acme", "format", "csv", "from", "2026-12-02"));
        assertThat(export.contentType()).isEqualTo("text/csv; charset=utf-8");
        String[] lines = new String(export.body(), StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines[0]).isEqualTo("day,key,provider,model,requests,estimated_requests,unpriced_requests,tokens,usd_micros,"
                + "input_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,reasoning_tokens,"
                + "audio_input_tokens,image_input_tokens,audio_output_tokens,cost_usd");
        assertThat(lines[1]).isEqualTo("2026-12-02,k1,ollama,\"llama3.2,latest\",1,1,1,20,7,0,0,0,0,0,0,0,0,0,0.000007");
        assertThat(lines[2]).isEqualTo("2026-12-02,k1,openai,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",1,0,0,2300,368,500,1500,0,0,300,100,0,0,0,0.000368");
        assertThat(lines).hasSize(3);
    }

    @Test
    void eachBadParameterIsA400NamingIt() {
        Map<String[], String> bad = new LinkedHashMap<>();
        bad.put(new String[] {}, "tenant");
        bad.put(new String[] {"tenant", "Acme!"}, "tenant");
        bad.put(new String[] {"tenant", "acme", "from", "2026-13-01"}, "from");
        bad.put(new String[] {"tenant", "acme", "to", "yesterday"}, "to");
        bad.put(new String[] {"tenant", "acme", "from", "2026-12-02", "to", "2026-12-01"}, "from");
        bad.put(new String[] {"tenant", "acme", "from", "2024-01-01", "to", "2026-12-01"}, "from");
        bad.put(new String[] {"tenant", "acme", "group_by", "month"}, "group_by");
        bad.put(new String[] {"tenant", "acme", "group_by", "day,day"}, "group_by");
        bad.put(new String[] {"tenant", "acme", "group_by", ""}, "group_by");
        bad.put(new String[] {"tenant", "acme", "format", "xml"}, "format");
        bad.put(new String[] {"tenant", "acme", "tenant", "other"}, "tenant");
        bad.put(new String[] {"tenant", "acme", "limit", "10"}, "limit");
        bad.forEach((pairs, field) -> assertThatThrownBy(() -> report.get(query(pairs)))
                .as(String.join("&", pairs)).isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(field);
                    assertThat(e.code()).isEqualTo("invalid_usage_query");
                }));
    }

    @Test
    void theLongestRangeIsTheRetention() {
        assertThat(json("tenant", "acme", "from", "2025-10-29", "to", "2026-12-02").path("data")).isEmpty(); // 400 days
    }
}
