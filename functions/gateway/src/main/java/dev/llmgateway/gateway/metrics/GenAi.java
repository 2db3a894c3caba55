package dev.llmgateway.gateway.metrics;

import java.util.Map;

/**
 * The OpenTelemetry GenAI semantic conventions as the gateway uses them (semantic-conventions v1.41.0,
 * Development status): attribute names, the operation of each API, and the well-known
 * {@code gen_ai.provider.name} of each catalogue provider (others keep their catalogue name).
 */
public final class GenAi {
    public static final String OPERATION = "gen_ai.operation.name";
    public static final String PROVIDER = "gen_ai.provider.name";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    public static final String ERROR_TYPE = "error.type";

    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("openai", "openai"), Map.entry("anthropic", "anthropic"), Map.entry("gemini", "gcp.gemini"),
            Map.entry("bedrock", "aws.bedrock"), Map.entry("azure", "azure.ai.openai"), Map.entry("mistral", "mistral_ai"),
            Map.entry("groq", "groq"), Map.entry("deepseek", "deepseek"), Map.entry("perplexity", "perplexity"),
            Map.entry("xai", "x_ai"));

    private GenAi() {}

    /** {@code chat} for the chat-like APIs, {@code embeddings} for embeddings. */
    public static String operation(String api) {
        if (api == null) return "chat";
        return api.equals("embeddings") ? "embeddings" : "chat";
    }

    /** The conventions' name of a catalogue provider; a name they do not list stays as it is. */
    public static String provider(String catalogueName) {
        return PROVIDERS.getOrDefault(catalogueName, catalogueName);
    }

    /**
     * A finish reason in the one form the gateway gives its chat clients ({@code stop}, {@code length},
     * {@code tool_calls}, {@code content_filter}), whichever API or upstream it came through: a
     * passed-through Messages answer's {@code stop_reason} and a Responses {@code status} are mapped;
     * anything else is kept, cleaned to a short name.
     */
    public static String finishReason(String reason) {
        if (reason == null) return null;
        return switch (reason) {
            case "end_turn", "stop_sequence", "pause_turn", "completed" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> {
                String clean = reason.replaceAll("[^A-Za-z0-9_.-]", "_");
                yield clean.length() > 32 ? clean.substring(0, 32) : clean;
            }
        };
    }

    /** What a failed request's {@code error.type} is: its error code, else its status; "" when it did not fail. */
    public static String errorType(CompletedRequest r) {
        if (r.status() < 400) return "";
        if (r.errorCode() != null) return r.errorCode();
        if (!r.attempts().isEmpty() && r.attempts().getLast().failed()) return r.attempts().getLast().errorCode();
        return Integer.toString(r.status());
    }
}
