package dev.llmgateway.core.config;

import java.util.Locale;

/**
 * What a request does when a store it must write before being served (rate-limit counters, audit
 * records) cannot be reached: {@code fail-closed} (the default) refuses it with a 503, so no limit
 * or audit trail is silently skipped; {@code fail-open} serves it anyway and logs the failure.
 * One setting, {@value #VARIABLE}, for every such store.
 */
public enum StoreFailureMode {
    FAIL_OPEN, FAIL_CLOSED;

    public static final String VARIABLE = "GATEWAY_STORE_FAILURE_MODE";

    public static StoreFailureMode fromEnv(Env env) {
        return of(env.get(VARIABLE, "fail-closed"));
    }

    public static StoreFailureMode of(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fail-open" -> FAIL_OPEN;
            case "fail-closed" -> FAIL_CLOSED;
            default -> throw new IllegalArgumentException(VARIABLE + " must be 'fail-open' or 'fail-closed', not '" + value + "'");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
