package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code POST /v1/chat/completions} body. Typed fields serve the translating providers;
 * {@code raw} keeps the client's JSON for OpenAI-compatible passthrough, and {@code unknownFields}
 * names the top-level fields the gateway does not model so a translator can reject them by name.
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        int n,
        List<Tool> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        ResponseFormat responseFormat,
        boolean stream,
        boolean includeUsage,
        String user,
        Set<String> unknownFields,
        ObjectNode raw) {

    public ChatRequest {
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
        unknownFields = unknownFields == null ? Set.of() : Set.copyOf(unknownFields);
    }

    public static ChatRequest parse(byte[] body) {
        return ChatRequestParser.parse(body);
    }

    public boolean wantsJson() {
        return responseFormat instanceof ResponseFormat.JsonObject || responseFormat instanceof ResponseFormat.JsonSchema;
    }
}
