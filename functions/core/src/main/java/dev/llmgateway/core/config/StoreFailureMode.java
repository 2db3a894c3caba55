package dev.llmgateway.core.config;

import java.util.Locale;

/**
 * What the gateway does with a request when a store it must write to is unavailable: refuse it
 * with a 503 in the API's envelope ({@code fail-closed}) or serve it and count the failure
 * ({@code fail-open}). One setting shape for every store that needs the choice (audit, rate limits).
 */
public enum StoreFailureMode {
    FAIL_CLOSED, FAIL_OPEN;

    /** Reads {@code variable} ({@code fail-closed} or {@code fail-open}); {@code fallback} when unset. */
    public static StoreFailureMode fromEnv(Env env, String variable, StoreFailureMode fallback) {
        String value = env.get(variable);
        if (value == null) return fallback;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fail-closed" -> FAIL_CLOSED;
            case "fail-open" -> FAIL_OPEN;
            default -> throw new IllegalArgumentException(variable + " must be 'fail-closed' or 'fail-open', not '" + value + "'");
        };
    }
}
