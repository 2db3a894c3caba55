package dev.llmgateway.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift between the gateway's ledger (its own report JSON) and OpenAI's Completions Usage export. */
class UsageDriftTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryUsageLedger ledger = new InMemoryUsageLedger();

    private void add(String tenant, String day, String provider, String model, Usage usage) {
        ledger.add(new LedgerLine(tenant, LocalDate.parse(day), "k1", provider, model, LedgerCounts.settled(1, 1, usage, false)));
    }

    private JsonNode report(String tenant) {
        UsageReport.Export export = new UsageReport(ledger, NOW).get(Map.of("tenant", List.of(tenant),
                "from", List.of("2026-11-29"), "group_by", List.of("day,model")));
        return Json.tree(new String(export.body(), StandardCharsets.UTF_8));
    }

    private static JsonNode export() {
        return Json.tree(Fixtures.text("openai/usage-export/completions-page.json"));
    }

    /** The ledger the export fixture describes exactly: two tenants' lines summed, snapshots named by their base model. */
    private void matchingLedger() {
        add("acme", "2026-11-30", "openai", "gpt-4o-mini", Usage.builder().input(500).cacheRead(1500).output(300).build());
        add("acme", "2026-12-01", "openai", "gpt-4o", Usage.builder().input(400).output(10).build());
        add("beta", "2026-12-01", "openai", "gpt-4o", Usage.builder().input(300).output(10).build());
        add("beta", "2026-12-01", "openai", "gpt-4o", Usage.builder().input(400).output(20).build());
        add("beta", "2026-12-01", "openai", "gpt-4.1-nano", Usage.builder().input(90).output(10).build());
        add("beta", "2026-12-01", "anthropic", "claude-sonnet-4-5", Usage.builder().input(999).output(9).build());
    }

    @Test
    void aLedgerThatMatchesTheExportHasNoDrift() {
        matchingLedger();

        List<UsageDrift.Row> rows = UsageDrift.compare(List.of(report("acme"), report("beta")), List.of(export()));

        assertThat(rows).extracting(r -> r.day() + " " + r.model())
                .containsExactly("2026-11-30 gpt-4o-mini", "2026-12-01 gpt-4.1-nano", "2026-12-01 gpt-4o");
        assertThat(rows).allSatisfy(r -> assertThat(r.drift()).isEqualTo(new UsageDrift.Counts(0, 0, 0, 0)));
        assertThat(rows.get(2).gateway()).as("three requests of two tenants, summed").isEqualTo(new UsageDrift.Counts(3, 1100, 0, 40));
        assertThat(rows.getFirst().provider()).as("OpenAI's input includes the cached tokens").isEqualTo(new UsageDrift.Counts(1, 2000, 1500, 300));
    }

    @Test
    void whatOnlyOneSideCountedIsTheDrift() {
        matchingLedger();
        add("acme", "2026-12-01", "openai", "gpt-4o", Usage.builder().input(50).output(5).build()); // OpenAI has not counted it
        add("acme", "2026-11-29", "openai", "o3", Usage.builder().input(10).reasoning(20).output(30).build());

        List<UsageDrift.Row> rows = UsageDrift.compare(List.of(report("acme"), report("beta")), List.of(export()));

        assertThat(rows).extracting(r -> r.day() + " " + r.model() + " " + r.drift()).containsExactly(
                "2026-11-29 o3 Counts[requests=-1, input=-10, cached=0, output=-30]",
                "2026-11-30 gpt-4o-mini Counts[requests=0, input=0, cached=0, output=0]",
                "2026-12-01 gpt-4.1-nano Counts[requests=0, input=0, cached=0, output=0]",
                "2026-12-01 gpt-4o Counts[requests=-1, input=-50, cached=0, output=-5]");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        UsageDrift.print(rows, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("2026-12-01  gpt-4o").contains("2 of 4 day/model rows drift");
        assertThat(table.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow().split("\\s+"))
                .containsExactly("total", "-2", "-60", "0", "-35");
    }

    @Test
    void aModelTheGatewayNeverServedIsAllDrift() {
        add("acme", "2026-11-30", "openai", "gpt-4o-mini", Usage.builder().input(500).cacheRead(1500).output(300).build());

        List<UsageDrift.Row> rows = UsageDrift.compare(List.of(report("acme")), List.of(export()));

        UsageDrift.Row gpt4o = rows.stream().filter(r -> r.model().equals("gpt-4o-2024-08-06")).findFirst().orElseThrow();
        assertThat(gpt4o.gateway()).isEqualTo(new UsageDrift.Counts(0, 0, 0, 0));
        assertThat(gpt4o.drift()).isEqualTo(new UsageDrift.Counts(3, 1100, 0, 40));
    }

    @Test
    void inputItCannotCompareIsRefusedWithTheReason() {
        JsonNode acme = report("acme");
        String page = Fixtures.text("openai/usage-export/completions-page.json");
        assertThatThrownBy(() -> UsageDrift.compare(List.of(acme), List.of(Json.tree(page.replace("1796083200,\n      \"results\"", "1796000400,\n      \"results\"")))))
                .isInstanceOf(UsageDrift.BadInput.class).hasMessageContaining("bucket_width=1d");
        assertThatThrownBy(() -> UsageDrift.compare(List.of(acme), List.of(Json.tree(page.replace("\"gpt-4.1-nano\"", "null")))))
                .hasMessageContaining("group_by=model");
        assertThatThrownBy(() -> UsageDrift.compare(List.of(acme), List.of(Json.tree(page.replace("\"output_tokens\": 300", "\"output_tokens\": -3")))))
                .hasMessageContaining("'output_tokens' must be a whole number");
        assertThatThrownBy(() -> UsageDrift.compare(List.of(acme), List.of(Json.tree(page.replace("\"output_tokens\": 300", "\"output_tokens\": 1.5")))))
                .hasMessageContaining("'output_tokens' must be a whole number");
        JsonNode byKey = Json.tree(new String(new UsageReport(ledger, NOW).get(Map.of("tenant", List.of("acme"), "group_by", List.of("key")))
                .body(), StandardCharsets.UTF_8));
        assertThatThrownBy(() -> UsageDrift.compare(List.of(byKey), List.of(export()))).hasMessageContaining("group_by=day,model");
        assertThatThrownBy(() -> UsageDrift.compare(List.of(export()), List.of(acme))).isInstanceOf(UsageDrift.BadInput.class);
    }
}
