package dev.llmgateway.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the fields of a JSON body sent to the admin API (routes, tenants, budgets, keys). Each
 * number is a number from outside, checked before it can reach a counter or a price: whole where
 * a whole number is meant (no {@code 1.5}, no {@code "12"}, nothing past the range, which
 * {@code asInt()} would wrap), finite ({@code 1e999} parses as infinity) and within its bounds.
 * Every failure is a 400 in OpenAI's envelope whose {@code param} names the field and whose code
 * is this body's ({@code invalid_budget}, {@code invalid_route}, ...).
 *
 * @param code the error code of this kind of body
 */
public record JsonFields(String code) {

    /** Rejects any field of {@code node} not in {@code known}; {@code prefix} is the path of {@code node} ({@code budget.}). */
    public void onlyKnown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw bad("Unknown field '" + prefix + name + "'; expected " + String.join(", ", known.stream().sorted().toList()) + ".",
                        prefix + name);
            }
        }
    }

    /** A whole number from {@code min} to {@code max}; null when absent or null. */
    public Long wholeNumber(JsonNode parent, String field, String param, long min, long max, String what) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw bad("Invalid '" + param + "': " + what + ", a whole number from " + min + " to " + max + ".", param);
        }
        return v.longValue();
    }

    /** A finite number from {@code min} to {@code max}, exactly as written; null when absent or null. */
    public BigDecimal decimal(JsonNode parent, String field, String param, BigDecimal min, BigDecimal max, String what) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber() || (v.isFloatingPointNumber() && !v.isBigDecimal() && !Double.isFinite(v.doubleValue()))) {
            throw bad("Invalid '" + param + "': " + what + ", a number from " + min.toPlainString() + " to " + max.toPlainString() + ".", param);
        }
        BigDecimal value = v.decimalValue();
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw bad("Invalid '" + param + "': " + what + ", a number from " + min.toPlainString() + " to " + max.toPlainString() + ".", param);
        }
        return value;
    }

    /** A non-blank string of at most {@code maxLength} characters, trimmed; null when absent or null unless required. */
    public String text(JsonNode parent, String field, String param, boolean required, int maxLength) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            if (required) throw bad("Missing '" + param + "'.", param);
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > maxLength) {
            throw bad("Invalid '" + param + "': must be a non-empty string of at most " + maxLength + " characters.", param);
        }
        return v.asText().trim();
    }

    /** A 400 naming {@code param}, with this body's code. */
    public GatewayError bad(String message, String param) {
        return GatewayError.invalidRequest(message, param, code);
    }
}
