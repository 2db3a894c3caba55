package dev.llmgateway.core.providers.gemini;

import dev.llmgateway.core.api.GatewayError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the translation needs to know about a Gemini model, read from its name's version number
 * ({@code gemini-2.5-flash} is 2.5). The {@code -latest} aliases point at the current generation and
 * count as newest; names without a Gemini version (Gemma, tuned models) count as oldest.
 *
 * @param resource the REST resource name, {@code models/<name>} or {@code tunedModels/<name>}
 * @param version major * 100 + minor, so 2.5 is 205
 */
record GeminiModel(String resource, int version) {
    private static final Pattern NAME = Pattern.compile("(?:(?:models|tunedModels)/)?[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("(?:^|/)gemini-(\\d+)(?:\\.(\\d+))?(?:-|$)");
    private static final Pattern ALIAS = Pattern.compile("(?:^|/)gemini-[a-z-]*latest$");
    private static final int LATEST = Integer.MAX_VALUE;

    static GeminiModel of(String name, String provider) {
        if (!NAME.matcher(name).matches()) {
            // The name becomes a URL path segment: nothing that could change the path or add a query.
            throw GatewayError.invalidRequest("Invalid model '" + name + "' for provider '" + provider + "': a Gemini model name "
                    + "has only letters, digits, '.', '_' and '-'.", "model", "invalid_value");
        }
        String resource = name.startsWith("models/") || name.startsWith("tunedModels/") ? name : "models/" + name;
        Matcher v = VERSION.matcher(name);
        if (v.find()) {
            return new GeminiModel(resource, Integer.parseInt(v.group(1)) * 100 + (v.group(2) == null ? 0 : Integer.parseInt(v.group(2))));
        }
        return new GeminiModel(resource, ALIAS.matcher(name).find() ? LATEST : 0);
    }

    /**
     * Gemini 2.5 and newer take standard JSON Schema in {@code responseJsonSchema} and
     * {@code parametersJsonSchema}; older models only the OpenAPI subset of {@code responseSchema}.
     */
    boolean acceptsJsonSchema() {
        return version >= 205;
    }

    /** Gemini 3 and newer reject a function-call turn sent back without its thought signature. */
    boolean validatesThoughtSignatures() {
        return version >= 300;
    }
}
