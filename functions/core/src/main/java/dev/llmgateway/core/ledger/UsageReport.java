package dev.llmgateway.core.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.Tenant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /admin/usage}, framework-free: the ledger of one tenant over a range of UTC days,
 * grouped by day, key and/or model (a model is always shown with its provider), as JSON or CSV.
 * Parameters: {@code tenant} (required), {@code from} and {@code to} ({@code YYYY-MM-DD}, both
 * included; default the 30 days up to today), {@code group_by} (a comma-separated list of
 * {@code day}, {@code key}, {@code model}; default all three), {@code format} ({@code json} or
 * {@code csv}). Anything else, or a value given twice, is a 400 naming the parameter.
 */
public final class UsageReport {
    public enum Dimension { DAY, KEY, MODEL }

    /** A validated query. */
    public record Query(String tenant, LocalDate from, LocalDate to, List<Dimension> groupBy, boolean csv) {}

    /** The body to send and its content type. */
    public record Export(String contentType, byte[] body) {}

    /** One group: the dimensions not grouped by are null (so is {@code key} for requests without a key). */
    public record Row(LocalDate day, String key, String provider, String model, LedgerCounts counts) {}

    /** The longest range one report may cover: the ledger's retention. */
    public static final int MAX_DAYS = 400;
    static final int DEFAULT_DAYS = 30;
    private static final Set<String> PARAMETERS = Set.of("tenant", "from", "to", "group_by", "format");
    private static final String CODE = "invalid_usage_query";

    private final UsageLedger ledger;
    private final Clock clock;

    public UsageReport(UsageLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public Export get(Map<String, List<String>> parameters) {
        Query query = parse(parameters, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        List<Row> rows = group(ledger.lines(query.tenant(), query.from(), query.to()), query.groupBy());
        return query.csv() ? new Export("text/csv; charset=utf-8", csv(query, rows))
                : new Export("application/json", Json.bytes(json(query, rows)));
    }

    static Query parse(Map<String, List<String>> parameters, LocalDate today) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                throw bad("Unknown parameter '" + p.getKey() + "'; expected tenant, from, to, group_by or format.", p.getKey());
            }
            if (p.getValue().size() != 1) throw bad("Parameter '" + p.getKey() + "' must be given once.", p.getKey());
        }
        String tenant = one(parameters, "tenant");
        if (tenant == null) throw bad("Parameter 'tenant' is required.", "tenant");
        if (!Tenant.validId(tenant)) throw bad("Invalid 'tenant': lower-case letters, digits, '-' and '_', at most 63 characters.", "tenant");
        LocalDate to = date(parameters, "to", today);
        LocalDate from = date(parameters, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) throw bad("'from' (" + from + ") is after 'to' (" + to + ").", "from");
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) throw bad("The range may cover at most " + MAX_DAYS + " days.", "from");
        List<Dimension> groupBy = new ArrayList<>();
        String dimensions = one(parameters, "group_by");
        for (String name : (dimensions == null ? "day,key,model" : dimensions).split(",", -1)) {
            Dimension d = switch (name.trim()) {
                case "day" -> Dimension.DAY;
                case "key" -> Dimension.KEY;
                case "model" -> Dimension.MODEL;
                default -> throw bad("Invalid 'group_by': a comma-separated list of day, key and model.", "group_by");
            };
            if (groupBy.contains(d)) throw bad("Invalid 'group_by': '" + name.trim() + "' is given twice.", "group_by");
            groupBy.add(d);
        }
        String format = one(parameters, "format");
        if (format != null && !format.equals("json") && !format.equals("csv")) throw bad("Invalid 'format': json or csv.", "format");
        return new Query(tenant, from, to, List.copyOf(groupBy), "csv".equals(format));
    }

    /** Sums the lines per group, ordered by day, key, provider and model. */
    static List<Row> group(List<LedgerLine> lines, List<Dimension> groupBy) {
        Map<Row, LedgerCounts> sums = new LinkedHashMap<>();
        for (LedgerLine line : lines) {
            Row group = new Row(groupBy.contains(Dimension.DAY) ? line.day() : null, groupBy.contains(Dimension.KEY) ? line.key() : null,
                    groupBy.contains(Dimension.MODEL) ? line.provider() : null, groupBy.contains(Dimension.MODEL) ? line.model() : null,
                    LedgerCounts.ZERO);
            sums.merge(group, line.counts(), LedgerCounts::plus);
        }
        Comparator<String> text = Comparator.nullsFirst(Comparator.naturalOrder());
        return sums.entrySet().stream()
                .map(e -> new Row(e.getKey().day(), e.getKey().key(), e.getKey().provider(), e.getKey().model(), e.getValue()))
                .sorted(Comparator.comparing(Row::day, Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder()))
                        .thenComparing(Row::key, text).thenComparing(Row::provider, text).thenComparing(Row::model, text))
                .toList();
    }

    private static ObjectNode json(Query query, List<Row> rows) {
        ObjectNode out = Json.object().put("object", "usage.report").put("tenant", query.tenant())
                .put("from", query.from().toString()).put("to", query.to().toString());
        ArrayNode groupBy = out.putArray("group_by");
        query.groupBy().forEach(d -> groupBy.add(d.name().toLowerCase(Locale.ROOT)));
        ArrayNode data = out.putArray("data");
        LedgerCounts total = LedgerCounts.ZERO;
        for (Row row : rows) {
            ObjectNode node = data.addObject();
            if (query.groupBy().contains(Dimension.DAY)) node.put("day", row.day().toString());
            if (query.groupBy().contains(Dimension.KEY)) node.put("key", row.key()); // null: requests without a key
            if (query.groupBy().contains(Dimension.MODEL)) node.put("provider", row.provider()).put("model", row.model());
            counts(node, row.counts());
            total = total.plus(row.counts());
        }
        counts(out.putObject("total"), total);
        return out;
    }

    private static void counts(ObjectNode node, LedgerCounts counts) {
        counts.fields().forEach(node::put);
        node.put("cost_usd", usd(counts.usdMicros()));
    }

    /** Micro-USD as exact USD with 6 decimal places (0.000368, never 3.68E-4). */
    public static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    private static byte[] csv(Query query, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        if (query.groupBy().contains(Dimension.DAY)) header.add("day");
        if (query.groupBy().contains(Dimension.KEY)) header.add("key");
        if (query.groupBy().contains(Dimension.MODEL)) header.addAll(List.of("provider", "model"));
        header.addAll(LedgerCounts.NAMES);
        header.add("cost_usd");
        out.append(String.join(",", header)).append("\r\n");
        for (Row row : rows) {
            List<String> cells = new ArrayList<>();
            if (query.groupBy().contains(Dimension.DAY)) cells.add(row.day().toString());
            if (query.groupBy().contains(Dimension.KEY)) cells.add(cell(Objects.requireNonNullElse(row.key(), "")));
            if (query.groupBy().contains(Dimension.MODEL)) {
                cells.add(cell(row.provider()));
                cells.add(cell(row.model()));
            }
            row.counts().fields().values().forEach(v -> cells.add(Long.toString(v)));
            cells.add(usd(row.counts().usdMicros()).toPlainString());
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One CSV text cell (RFC 4180): quoted when it holds a comma, quote or line break. A model name
     * is the client's choice, so a cell that a spreadsheet would run as a formula (starting with
     * {@code = + - @}, tab or carriage return) is prefixed with a single quote.
     */
    static String cell(String value) {
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) return '"' + v.replace("\"", "\"\"") + '"';
        return v;
    }

    private static String one(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null ? null : values.getFirst();
    }

    private static LocalDate date(Map<String, List<String>> parameters, String name, LocalDate otherwise) {
        String value = one(parameters, name);
        if (value == null) return otherwise;
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw bad("Invalid '" + name + "': a date as YYYY-MM-DD.", name);
        }
    }

    private static GatewayError bad(String message, String param) {
        return GatewayError.invalidRequest(message, param, CODE);
    }
}
