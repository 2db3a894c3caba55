package dev.llmgateway.core.spi;

/**
 * The provider a translator serves: its name (for {@code provider/model}, error messages and
 * metrics), the base URL its paths are appended to (no trailing slash), and how it authenticates.
 * Translators take everything provider-specific from here, so one translator serves every
 * provider that speaks its schema.
 */
public record Endpoint(String name, String baseUrl, Auth auth) {
    public Endpoint {
        if (baseUrl != null && baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        if (auth == null) auth = Auth.NONE;
    }
}
