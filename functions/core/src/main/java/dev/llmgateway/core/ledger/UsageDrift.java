package dev.llmgateway.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.routing.PriceTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the gateway's usage ledger with a provider's own usage export and prints the drift per
 * UTC day and model: what OpenAI counted minus what the gateway counted, for requests, input tokens
 * (cached ones included, as OpenAI counts them), cached input tokens and output tokens.
 *
 * <p>The ledger side is any number of {@code GET /admin/usage} JSON reports grouped by at least day
 * and model (one per tenant; their lines are summed, and only the {@code openai} provider's lines are
 * compared). The provider side is any number of pages of OpenAI's Completions Usage API
 * ({@code GET /v1/organization/usage/completions?bucket_width=1d&group_by=model}). A provider model
 * that is a dated snapshot of a ledger model ({@code gpt-4o-mini-2024-07-18} and {@code gpt-4o-mini})
 * is the same model, by the price catalogue's rule.
 *
 * <p>Run as {@code bin/usage-drift --ledger report.json... --openai page.json...}; it exits 0 when
 * nothing drifts, 1 when something does, 2 on input it cannot read.
 */
public final class UsageDrift {
    /** The four counts compared. */
    public record Counts(long requests, long input, long cached, long output) {
        static final Counts ZERO = new Counts(0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(requests + o.requests, input + o.input, cached + o.cached, output + o.output);
        }

        Counts minus(Counts o) {
            return new Counts(requests - o.requests, input - o.input, cached - o.cached, output - o.output);
        }

        boolean zero() {
            return equals(ZERO);
        }
    }

    /** One day and model: the gateway's counts, the provider's, and the provider's minus the gateway's. */
    public record Row(LocalDate day, String model, Counts gateway, Counts provider) {
        public Counts drift() {
            return provider.minus(gateway);
        }
    }

    /** Input this command cannot compare, with the reason. */
    public static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    private record Key(LocalDate day, String model) {}

    private static final String PROVIDER = "openai";
    private static final long DAY_SECONDS = 86_400;

    private UsageDrift() {}

    /** Every day and model on either side, ordered by day and model. */
    public static List<Row> compare(List<JsonNode> ledgerReports, List<JsonNode> usagePages) {
        Map<Key, Counts> gateway = new TreeMap<>(ORDER);
        for (JsonNode report : ledgerReports) ledger(report, gateway);
        Map<Key, Counts> provider = new TreeMap<>(ORDER);
        for (JsonNode page : usagePages) openAi(page, gateway, provider);
        Map<Key, Row> rows = new TreeMap<>(ORDER);
        gateway.forEach((k, c) -> rows.put(k, new Row(k.day(), k.model(), c, Counts.ZERO)));
        provider.forEach((k, c) -> rows.merge(k, new Row(k.day(), k.model(), Counts.ZERO, c),
                (g, p) -> new Row(k.day(), k.model(), g.gateway(), p.provider())));
        return List.copyOf(rows.values());
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::model);

    private static void ledger(JsonNode report, Map<Key, Counts> into) {
        if (!"usage.report".equals(report.path("object").asText())) throw new BadInput("a ledger report is the JSON of GET /admin/usage");
        JsonNode groupBy = report.path("group_by");
        if (!contains(groupBy, "day") || !contains(groupBy, "model")) {
            throw new BadInput("a ledger report must be grouped by day and model (group_by=day,model)");
        }
        for (JsonNode line : report.path("data")) {
            if (!PROVIDER.equals(line.path("provider").asText())) continue;
            Counts counts = new Counts(count(line, "requests"),
                    count(line, "input_tokens") + count(line, "cache_read_tokens") + count(line, "cache_write_5m_tokens")
                            + count(line, "cache_write_1h_tokens"),
                    count(line, "cache_read_tokens"), count(line, "output_tokens"));
            into.merge(new Key(LocalDate.parse(line.path("day").asText()), line.path("model").asText()), counts, Counts::plus);
        }
    }

    private static void openAi(JsonNode page, Map<Key, Counts> gateway, Map<Key, Counts> into) {
        if (!"page".equals(page.path("object").asText())) throw new BadInput("an OpenAI usage export is a page of the Completions Usage API");
        for (JsonNode bucket : page.path("data")) {
            long start = bucket.path("start_time").asLong(-1);
            long end = bucket.path("end_time").asLong(-1);
            if (start < 0 || end - start != DAY_SECONDS || start % DAY_SECONDS != 0) {
                throw new BadInput("the OpenAI usage export must use daily buckets (bucket_width=1d)");
            }
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(start), ZoneOffset.UTC);
            for (JsonNode result : bucket.path("results")) {
                if (!result.path("model").isTextual()) throw new BadInput("the OpenAI usage export must be grouped by model (group_by=model)");
                Counts counts = new Counts(count(result, "num_model_requests"), count(result, "input_tokens"),
                        count(result, "input_cached_tokens"), count(result, "output_tokens"));
                into.merge(new Key(day, ledgerModel(day, result.path("model").asText(), gateway)), counts, Counts::plus);
            }
        }
    }

    /** The ledger's name for the provider's model on that day: the model itself, or the one it is a snapshot of. */
    private static String ledgerModel(LocalDate day, String model, Map<Key, Counts> gateway) {
        String best = model;
        for (Key k : gateway.keySet()) {
            if (k.day().equals(day) && PriceTable.isSnapshotOf(model, k.model()) && (best.equals(model) || k.model().length() > best.length())) {
                best = k.model();
            }
        }
        return best;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) if (value.equals(v.asText())) return true;
        return false;
    }

    /** A count from outside: a whole number, at least 0 (absent is 0). */
    private static long count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return 0;
        if (!v.canConvertToExactIntegral() || v.asLong() < 0) throw new BadInput("'" + field + "' must be a whole number, at least 0, not " + v);
        return v.asLong();
    }

    /** The table printed: one line a day and model, then the totals. */
    public static void print(List<Row> rows, PrintStream out) {
        String format = "%-10s  %-28s  %10s  %12s  %12s  %12s%n";
        out.printf(format, "day", "model", "requests", "input", "cached", "output");
        Counts gateway = Counts.ZERO;
        Counts provider = Counts.ZERO;
        for (Row row : rows) {
            out.printf(format, row.day(), row.model(), cell(row.gateway().requests(), row.provider().requests()),
                    cell(row.gateway().input(), row.provider().input()), cell(row.gateway().cached(), row.provider().cached()),
                    cell(row.gateway().output(), row.provider().output()));
            gateway = gateway.plus(row.gateway());
            provider = provider.plus(row.provider());
        }
        Counts drift = provider.minus(gateway);
        out.printf(format, "total", "", signed(drift.requests()), signed(drift.input()), signed(drift.cached()), signed(drift.output()));
        out.printf("(each cell: the provider's count minus the gateway's; %d of %d day/model rows drift)%n",
                rows.stream().filter(r -> !r.drift().zero()).count(), rows.size());
    }

    private static String cell(long gateway, long provider) {
        return signed(provider - gateway);
    }

    private static String signed(long v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%+d", v);
    }

    public static void main(String[] args) {
        List<JsonNode> ledger = new ArrayList<>();
        List<JsonNode> openAi = new ArrayList<>();
        List<JsonNode> into = null;
        try {
            for (String arg : args) {
                switch (arg) {
                    case "--ledger" -> into = ledger;
                    case "--openai" -> into = openAi;
                    default -> {
                        if (into == null) throw new BadInput("usage: usage-drift --ledger report.json... --openai page.json...");
                        into.add(Json.tree(Files.readAllBytes(Path.of(arg))));
                    }
                }
            }
            if (ledger.isEmpty() || openAi.isEmpty()) throw new BadInput("usage: usage-drift --ledger report.json... --openai page.json...");
            List<Row> rows = compare(ledger, openAi);
            print(rows, System.out);
            System.exit(rows.stream().allMatch(r -> r.drift().zero()) ? 0 : 1);
        } catch (BadInput | IOException | java.time.DateTimeException e) {
            System.err.println("usage-drift: " + e.getMessage());
            System.exit(2);
        }
    }
}
