package dev.llmgateway.core.budget;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.JsonFields;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's budget: token and USD caps per day and per month (each optional), the soft threshold
 * (percent of a cap) above which requests are downgraded, and the downgrade map from a requested
 * public model name to a cheaper one ({@code gpt-4o -> gpt-4o-mini}). One level only: the target
 * of a downgrade is not downgraded again.
 */
public record Budget(Long tokensPerDay, Long tokensPerMonth, BigDecimal usdPerDay, BigDecimal usdPerMonth,
                     int softThresholdPercent, Map<String, String> downgrade, Mode mode) {
    /**
     * {@code soft} (the default): a request reserves its estimate, and a cap is crossed only by usage
     * above it. {@code hard}: the gateway also bounds each request's max tokens to what the remaining
     * budget allows and counts OpenAI-family prompts with their tokenizer (docs/routing-and-budgets.md).
     */
    public enum Mode {
        SOFT, HARD;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int DEFAULT_SOFT_THRESHOLD = 80;
    private static final Set<String> FIELDS = Set.of("tokens_per_day", "tokens_per_month", "usd_per_day", "usd_per_month",
            "soft_threshold_percent", "downgrade", "mode");
    /** Caps above these are not caps; the bounds also keep the counter arithmetic far from overflow. */
    private static final long MAX_TOKENS = 1_000_000_000_000_000L;
    private static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000_000);
    private static final JsonFields BODY = new JsonFields("invalid_budget");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");

    public Budget {
        downgrade = downgrade == null ? Map.of() : Map.copyOf(downgrade);
        mode = mode == null ? Mode.SOFT : mode;
    }

    /** A budget in the default ({@code soft}) mode. */
    public Budget(Long tokensPerDay, Long tokensPerMonth, BigDecimal usdPerDay, BigDecimal usdPerMonth,
                  int softThresholdPercent, Map<String, String> downgrade) {
        this(tokensPerDay, tokensPerMonth, usdPerDay, usdPerMonth, softThresholdPercent, downgrade, Mode.SOFT);
    }

    @JsonIgnore
    public boolean hardCap() {
        return mode == Mode.HARD;
    }

    public Caps caps(Period period) {
        return switch (period) {
            case DAY -> new Caps(tokensPerDay, micros(usdPerDay));
            case MONTH -> new Caps(tokensPerMonth, micros(usdPerMonth));
        };
    }

    private static Long micros(BigDecimal usd) {
        return usd == null ? null : usd.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** Validates and reads a budget; errors are 400s naming the field. */
    public static Budget parse(JsonNode node) {
        if (node == null || !node.isObject()) throw BODY.bad("A budget must be a JSON object.", "budget");
        BODY.onlyKnown(node, FIELDS, "budget.");
        Long soft = BODY.wholeNumber(node, "soft_threshold_percent", "budget.soft_threshold_percent", 1, 100, "a percent of a cap");
        Map<String, String> downgrade = new LinkedHashMap<>();
        JsonNode d = node.get("downgrade");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) throw BODY.bad("Invalid 'budget.downgrade': an object mapping a model to a cheaper one.", "budget.downgrade");
            Iterator<Map.Entry<String, JsonNode>> entries = d.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                String param = "budget.downgrade." + e.getKey();
                if (!MODEL_NAME.matcher(e.getKey()).matches() || !e.getValue().isTextual()
                        || !MODEL_NAME.matcher(e.getValue().asText()).matches()) {
                    throw BODY.bad("Invalid '" + param + "': both sides must be model names.", param);
                }
                if (e.getKey().equals(e.getValue().asText())) throw BODY.bad("Invalid '" + param + "': a model cannot downgrade to itself.", param);
                downgrade.put(e.getKey(), e.getValue().asText());
            }
        }
        String mode = BODY.text(node, "mode", "budget.mode", false, 8);
        if (mode != null && !mode.equals("soft") && !mode.equals("hard")) {
            throw BODY.bad("Invalid 'budget.mode': 'soft' (the default) or 'hard'.", "budget.mode");
        }
        return new Budget(tokens(node, "tokens_per_day"), tokens(node, "tokens_per_month"),
                usd(node, "usd_per_day"), usd(node, "usd_per_month"), soft == null ? DEFAULT_SOFT_THRESHOLD : soft.intValue(), downgrade,
                "hard".equals(mode) ? Mode.HARD : Mode.SOFT);
    }

    private static Long tokens(JsonNode node, String field) {
        return BODY.wholeNumber(node, field, "budget." + field, 0, MAX_TOKENS, "a number of tokens");
    }

    private static BigDecimal usd(JsonNode node, String field) {
        return BODY.decimal(node, field, "budget." + field, BigDecimal.ZERO, MAX_USD, "an amount of USD");
    }
}
