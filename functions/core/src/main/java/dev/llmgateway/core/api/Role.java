package dev.llmgateway.core.api;

/** Message roles; OpenAI's {@code developer} role is the newer name for {@code system}. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    static Role parse(String value, String param) {
        return switch (value) {
            case "system", "developer" -> SYSTEM;
            case "user" -> USER;
            case "assistant" -> ASSISTANT;
            case "tool" -> TOOL;
            default -> throw GatewayError.invalidRequest(
                    "Invalid value for '" + param + "': '" + value
                            + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.",
                    param, "invalid_value");
        };
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
