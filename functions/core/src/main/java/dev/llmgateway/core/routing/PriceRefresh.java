package dev.llmgateway.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Refreshes {@code prices.json} from a maintained public data set in LiteLLM's
 * {@code model_prices_and_context_window.json} format (USD per token per model, keyed by model
 * name, with {@code litellm_provider}; its {@code sample_spec} entry documents the fields). Chat models of the gateway's providers are converted to
 * catalogue rows (USD per 1M tokens); a row already in the catalogue for the same provider and
 * model is replaced, every other row is kept. Run by {@code bin/refresh-prices}:
 * <pre>PriceRefresh &lt;data set URL or file&gt; &lt;catalogue file&gt; [as_of date]</pre>
 */
public final class PriceRefresh {
    /** LiteLLM's provider names for the gateway's providers. */
    private static final Map<String, String> PROVIDERS = Map.of("openai", "openai", "anthropic", "anthropic",
            "gemini", "gemini", "bedrock", "bedrock", "bedrock_converse", "bedrock");
    private static final long LONG_CONTEXT = 200_000;

    private PriceRefresh() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: PriceRefresh <data set URL or file> <catalogue file> [as_of yyyy-mm-dd]");
            System.exit(2);
        }
        String source = args[0];
        Path catalogue = Path.of(args[1]);
        String asOf = args.length > 2 ? args[2] : LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode data = Json.tree(read(source), source);
        JsonNode current = Json.tree(Files.readAllBytes(catalogue), catalogue.toString());
        Files.writeString(catalogue, merge(current, convert(data, source, asOf)));
        System.out.println("wrote " + catalogue + " from " + source);
    }

    private static byte[] read(String source) throws IOException, InterruptedException {
        if (!source.startsWith("https://") && !source.startsWith("http://")) return Files.readAllBytes(Path.of(source));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(source)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) throw new IOException(source + " answered " + response.statusCode());
            return response.body();
        }
    }

    /** The data set's rows in catalogue form, keyed {@code provider/model}. */
    static Map<String, ObjectNode> convert(JsonNode data, String source, String asOf) {
        Map<String, ObjectNode> rows = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> models = data.fields();
        while (models.hasNext()) {
            Map.Entry<String, JsonNode> e = models.next();
            JsonNode m = e.getValue();
            String provider = PROVIDERS.get(m.path("litellm_provider").asText());
            if (provider == null || "sample_spec".equals(e.getKey()) || !"chat".equals(m.path("mode").asText()) || !m.has("input_cost_per_token")
                    || !m.has("output_cost_per_token")) continue;
            String model = e.getKey().startsWith(provider + "/") ? e.getKey().substring(provider.length() + 1) : e.getKey();
            if (model.contains("/")) continue; // region- or deployment-specific entries
            ObjectNode row = Json.MAPPER.createObjectNode().put("provider", provider).put("model", model);
            rates(row, m, "");
            if (m.has("input_cost_per_token_above_200k_tokens")) {
                ObjectNode lc = row.putObject("long_context").put("above_input_tokens", LONG_CONTEXT);
                rates(lc, m, "_above_200k_tokens");
                if (!lc.has("output")) lc.set("output", row.get("output"));
            }
            tier(row, m, "batch", "_batches");
            tier(row, m, "flex", "_flex");
            row.put("source", source).put("as_of", asOf);
            rows.put(provider + "/" + model, row);
        }
        return rows;
    }

    private static void rates(ObjectNode row, JsonNode m, String suffix) {
        perMillion(row, "input", m.get("input_cost_per_token" + suffix));
        perMillion(row, "output", m.get("output_cost_per_token" + suffix));
        perMillion(row, "cache_read", m.get("cache_read_input_token_cost" + suffix));
        perMillion(row, "cache_write_5m", m.get("cache_creation_input_token_cost" + suffix));
        if (suffix.isEmpty()) {
            perMillion(row, "cache_write_1h", m.get("cache_creation_input_token_cost_above_1hr"));
            perMillion(row, "audio_input", m.get("input_cost_per_audio_token"));
        }
    }

    private static void tier(ObjectNode row, JsonNode m, String name, String suffix) {
        if (!m.has("input_cost_per_token" + suffix) || !m.has("output_cost_per_token" + suffix)) return;
        ObjectNode tier = row.putObject(name);
        perMillion(tier, "input", m.get("input_cost_per_token" + suffix));
        perMillion(tier, "output", m.get("output_cost_per_token" + suffix));
        perMillion(tier, "cache_read", m.get("cache_read_input_token_cost" + suffix));
    }

    /** USD per token to USD per 1M tokens, exactly in decimal (the data set's binary floats are rounded to 6 places). */
    private static void perMillion(ObjectNode row, String field, JsonNode perToken) {
        if (perToken == null || !perToken.isNumber()) return;
        BigDecimal usd = new BigDecimal(perToken.asText()).movePointRight(6).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        row.put(field, usd.scale() < 0 ? usd.setScale(0) : usd);
    }

    /** The catalogue with the refreshed rows in place of the old ones of the same provider and model; one row a line, sorted. */
    static String merge(JsonNode current, Map<String, ObjectNode> refreshed) {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (JsonNode row : current.path("prices")) rows.put(row.path("provider").asText() + "/" + row.path("model").asText(), row);
        rows.putAll(refreshed);
        ObjectNode check = Json.MAPPER.createObjectNode();
        check.putArray("prices").addAll(rows.values());
        PriceCatalogue.read(check); // never write a catalogue the gateway would refuse
        StringBuilder out = new StringBuilder("{\n  \"about\": ").append(Json.string(current.path("about").asText())).append(",\n  \"prices\": [\n");
        int i = 0;
        for (JsonNode row : rows.values()) out.append("    ").append(Json.string(row)).append(++i < rows.size() ? ",\n" : "\n");
        return out.append("  ]\n}\n").toString();
    }
}
