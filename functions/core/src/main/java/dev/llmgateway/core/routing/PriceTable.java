package dev.llmgateway.core.routing;

import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The price catalogue: USD per 1M tokens per provider and upstream model, read from
 * {@code prices.json} (each row cites its source page and date; {@code bin/refresh-prices}
 * regenerates it from a maintained public data set). A model matches its row exactly, or as a dated
 * or versioned snapshot of it ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-20250514},
 * {@code anthropic.claude-3-5-sonnet-20240620-v1:0}); a different model that merely shares a prefix
 * ({@code claude-opus-4-8} and {@code claude-opus-4}) does not, so a new model is never billed at an
 * old model's price. Bedrock's cross-region prefixes ({@code us.}, {@code eu.}, ...) are ignored.
 *
 * <p>A model without a row is unpriced: {@link #lookup} returns the operator's default price marked
 * {@link Price#assumed()} when one is configured, else null. A route target's own price overrides
 * the catalogue. Local models (Ollama) are free.
 */
public final class PriceTable {
    private static final Pattern SNAPSHOT = Pattern.compile(
            "(\\d{8}|\\d{4}-\\d{2}-\\d{2}|\\d{2}-\\d{4}|\\d{2}-\\d{2}|\\d{3}|latest)(-v\\d+(:\\d+)?)?|v\\d+(:\\d+)?");
    private static final Pattern BEDROCK_REGION = Pattern.compile("^(us|eu|apac|jp|au|ca|us-gov|global)\\.");
    private static final Price FREE = Price.of("0", "0", "0");

    private final Map<String, Price> prices;
    private final Price unpricedDefault;

    /** @param prices keyed {@code provider/model}; {@code unpricedDefault} may be null (unpriced models have no price) */
    public PriceTable(Map<String, Price> prices, Price unpricedDefault) {
        this.prices = Map.copyOf(prices);
        this.unpricedDefault = unpricedDefault == null ? null : unpricedDefault.asAssumed();
    }

    public PriceTable(Map<String, Price> prices) {
        this(prices, null);
    }

    /** The committed catalogue. */
    public static PriceTable defaults() {
        return defaults(null);
    }

    public static PriceTable defaults(Price unpricedDefault) {
        try (InputStream in = PriceTable.class.getResourceAsStream("/prices.json")) {
            if (in == null) throw new IllegalStateException("prices.json is missing from the class path");
            return new PriceTable(PriceCatalogue.read(Json.tree(in.readAllBytes(), "prices.json")), unpricedDefault);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The price of an upstream model: its row, else the assumed default, else null. */
    public Price lookup(String provider, String model) {
        if ("ollama".equals(provider)) return FREE;
        Price listed = listed(provider, model);
        return listed != null ? listed : unpricedDefault;
    }

    private Price listed(String provider, String model) {
        String name = "bedrock".equals(provider) ? BEDROCK_REGION.matcher(model).replaceFirst("") : model;
        Price exact = prices.get(provider + "/" + name);
        if (exact != null) return exact;
        // The longest row this model is a snapshot of: strip one "-suffix" at a time.
        for (int dash = name.lastIndexOf('-'); dash > 0; dash = name.lastIndexOf('-', dash - 1)) {
            Price row = prices.get(provider + "/" + name.substring(0, dash));
            if (row != null && isSnapshotOf(name, name.substring(0, dash))) return row;
        }
        return null;
    }

    /** Whether {@code model} is a dated or versioned snapshot of {@code base} ({@code gpt-4o-2024-08-06} of {@code gpt-4o}). */
    public static boolean isSnapshotOf(String model, String base) {
        return model.length() > base.length() + 1 && model.startsWith(base) && model.charAt(base.length()) == '-'
                && SNAPSHOT.matcher(model.substring(base.length() + 1)).matches();
    }

    /** The number of rows, for the startup log. */
    public int size() {
        return prices.size();
    }
}
