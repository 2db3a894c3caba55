package dev.llmgateway.core.cache;

import dev.llmgateway.core.api.GatewayError;
import java.util.Locale;

/**
 * What the client asks of the cache with its request headers: {@code x-gateway-cache: bypass}
 * or {@code Cache-Control: no-store} (neither read nor write), {@code x-gateway-cache: refresh} or
 * {@code Cache-Control: no-cache} (do not read; call the provider and store its answer).
 */
public enum ClientControl {
    NORMAL, BYPASS, REFRESH;

    public static final String HEADER = "x-gateway-cache";

    /** From the two headers (either may be null); an unknown {@code x-gateway-cache} value is a 400. */
    public static ClientControl of(String cacheControl, String gatewayCache) {
        if (gatewayCache != null && !gatewayCache.isBlank()) {
            return switch (gatewayCache.trim().toLowerCase(Locale.ROOT)) {
                case "bypass" -> BYPASS;
                case "refresh" -> REFRESH;
                default -> throw GatewayError.invalidRequest("Invalid header '" + HEADER + "': use 'bypass' or 'refresh'.", HEADER);
            };
        }
        if (cacheControl == null) return NORMAL;
        boolean noCache = false;
        for (String directive : cacheControl.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store")) return BYPASS;
            if (d.equals("no-cache")) noCache = true;
        }
        return noCache ? REFRESH : NORMAL;
    }
}
