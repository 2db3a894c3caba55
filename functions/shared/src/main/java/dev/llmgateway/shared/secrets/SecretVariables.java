package dev.llmgateway.shared.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed provider keys live in AWS Secrets Manager, never in the function's configuration:
 * for every {@code X_SECRET_ARN} variable the gateway fetches that secret once at startup and
 * serves it as variable {@code X} (so {@code OPENAI_API_KEY_SECRET_ARN} supplies
 * {@code OPENAI_API_KEY}). An {@code X} set directly wins, which keeps local runs simple.
 * Only variable names are logged, never values; a secret that cannot be read fails startup.
 */
public final class SecretVariables {
    public static final String SUFFIX = "_SECRET_ARN";
    private static final Logger log = LoggerFactory.getLogger(SecretVariables.class);

    /** Reads a secret's string value by ARN or name. */
    @FunctionalInterface
    public interface Fetcher {
        String fetch(String secretId);
    }

    private SecretVariables() {}

    /**
     * The values of the variables named by {@code *_SECRET_ARN} entries of {@code variables}.
     * The fetcher is created only when at least one secret is to be read.
     */
    public static Map<String, String> resolve(Map<String, String> variables, Supplier<? extends Fetcher> fetcher) {
        Map<String, String> wanted = new TreeMap<>();
        variables.forEach((name, value) -> {
            if (!name.endsWith(SUFFIX) || name.length() == SUFFIX.length() || blank(value)) return;
            String target = name.substring(0, name.length() - SUFFIX.length());
            if (blank(variables.get(target))) wanted.put(target, value.trim());
        });
        if (wanted.isEmpty()) return Map.of();
        Fetcher source = fetcher.get();
        Map<String, String> resolved = new LinkedHashMap<>();
        wanted.forEach((target, secretId) -> {
            String value;
            try {
                value = source.fetch(secretId);
            } catch (RuntimeException e) {
                // The cause names the secret and the AWS error, never a value.
                throw new IllegalStateException("Cannot read " + target + " from the secret named by " + target + SUFFIX
                        + ": " + e.getMessage(), e);
            }
            if (blank(value)) throw new IllegalStateException("The secret named by " + target + SUFFIX + " is empty.");
            resolved.put(target, value.trim());
        });
        log.info("read {} from Secrets Manager", String.join(", ", resolved.keySet()));
        return Map.copyOf(resolved);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
