package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a token count from an upstream's JSON without letting a bad one pass as a plausible
 * number. Jackson's {@code asInt()} turns {@code 1.5} into 1, {@code "abc"} into 0 and
 * {@code 5000000000} into a wrapped 32-bit value; here a count is read so that {@link UsageCheck}
 * can still see what was wrong: a negative stays negative, a count too large for an int saturates
 * at {@link Integer#MAX_VALUE} (absurd), and anything that is not a whole number (a fraction, a
 * string, a boolean, an object) becomes {@link #UNREADABLE}. A missing or null count is 0.
 */
public final class TokenCount {
    /** The value of a count that was not a whole number. No real count is this low. */
    public static final int UNREADABLE = Integer.MIN_VALUE;

    private TokenCount() {}

    public static int read(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return 0;
        if (!node.isNumber()) return UNREADABLE;
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? saturate(node.longValue()) : node.bigIntegerValue().signum() > 0 ? Integer.MAX_VALUE : -1;
        }
        double value = node.doubleValue(); // 1e20 arrives as a floating-point literal: whole, but absurd
        if (value != Math.rint(value)) return UNREADABLE; // also NaN
        return value >= Integer.MAX_VALUE ? Integer.MAX_VALUE : value <= Integer.MIN_VALUE ? Integer.MIN_VALUE + 1 : (int) value;
    }

    /** The sum of counts, keeping what is wrong with them: unreadable wins, then negative; large sums saturate. */
    public static int sum(int... counts) {
        long total = 0;
        int lowest = 0;
        for (int c : counts) {
            if (c == UNREADABLE) return UNREADABLE;
            lowest = Math.min(lowest, c);
            total += c;
        }
        return lowest < 0 ? lowest : saturate(total);
    }

    /** A count given as a nullable number (an SDK's field): null is 0. */
    public static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    private static int saturate(long value) {
        return (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, value));
    }
}
