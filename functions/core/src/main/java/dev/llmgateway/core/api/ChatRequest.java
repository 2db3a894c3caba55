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
        ReasoningEffort reasoningEffort,
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

    /**
     * This request with at most {@code max} output tokens per choice: the typed field for the
     * translating providers, and in the JSON that OpenAI-compatible upstreams receive the field the
     * client used, or {@code max_completion_tokens} (which every current OpenAI chat model takes;
     * the o-series reject {@code max_tokens}).
     */
    public ChatRequest withMaxTokens(int max) {
        ObjectNode body = raw == null ? null : raw.deepCopy();
        if (body != null) {
            boolean any = false;
            for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
                if (body.hasNonNull(field)) {
                    body.put(field, max);
                    any = true;
                }
            }
            if (!any) body.put("max_completion_tokens", max);
        }
        return new ChatRequest(model, messages, temperature, topP, max, stop, seed, n, tools, toolChoice, parallelToolCalls,
                responseFormat, stream, includeUsage, user, reasoningEffort, unknownFields, body);
    }

    public boolean wantsJson() {
        return responseFormat instanceof ResponseFormat.JsonObject || responseFormat instanceof ResponseFormat.JsonSchema;
    }
}
