package dev.llmgateway.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Typed access to configuration variables by their environment names. The lookup is the process
 * environment, or anything that resolves those names (the gateway's Spring environment, a test map).
 */
public record Env(UnaryOperator<String> lookup) {
    public static Env system() {
        return new Env(System::getenv);
    }

    public static Env of(Map<String, String> vars) {
        Map<String, String> copy = Map.copyOf(vars);
        return new Env(copy::get);
    }

    public String get(String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    public boolean flag(String name, boolean fallback) {
        String value = get(name);
        if (value == null) return fallback;
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    public long number(String name, long fallback) {
        String value = get(name);
        if (value == null) return fallback;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    public Duration millis(String name, Duration fallback) {
        String value = get(name);
        return value == null ? fallback : Duration.ofMillis(number(name, 0));
    }

    /**
     * Local mode (a developer's machine, the default) vs deployed mode (on Lambda, or when
     * {@code GATEWAY_MODE=deployed}). Defaults that are only safe on a laptop key off this.
     */
    public boolean localMode() {
        String mode = get("GATEWAY_MODE");
        if (mode != null) return !mode.equalsIgnoreCase("deployed");
        return get("AWS_LAMBDA_FUNCTION_NAME") == null;
    }
}
