package dev.llmgateway.core.configfile;

/**
 * A mistake in the configuration file, found at startup: it names the file, the path inside it
 * ({@code providers[3].base_url}) and what is wrong, and the gateway does not start.
 */
public final class ConfigError extends IllegalArgumentException {
    private final String file;
    private final String path;

    public ConfigError(String file, String path, String problem) {
        super(file + (path == null ? "" : ": " + path) + ": " + problem);
        this.file = file;
        this.path = path;
    }

    public String file() {
        return file;
    }

    /** Where in the file, e.g. {@code routes[0].targets[1].provider}; null for the file as a whole. */
    public String path() {
        return path;
    }
}
