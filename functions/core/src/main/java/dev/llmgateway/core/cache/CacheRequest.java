package dev.llmgateway.core.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import java.util.Map;
import java.util.Set;

/**
 * What one inbound request brings to the response cache: the part of its body that decides the
 * answer ({@code body} without the top-level {@code skipped} fields, which only say how it is
 * delivered), the headers that change the answer, whether it streams, and the facts the
 * eligibility rule reads. One factory per client API; each reads the fields its API names.
 *
 * @param temperature the {@code temperature} asked for; null when absent (or not a number)
 * @param sampled whether any sampling parameter is set ({@code temperature}, {@code top_p}, {@code top_k})
 * @param deterministic the API has no sampling at all (embeddings)
 * @param stateful the request reads or writes state kept elsewhere ({@code store}, {@code previous_response_id}, {@code conversation})
 * @param toolResultsPending its last input is a tool's result the model has yet to answer
 */
public record CacheRequest(Api api, JsonNode body, Set<String> skipped, Map<String, String> headers, boolean stream,
                           boolean includeUsage, Double temperature, boolean sampled, boolean deterministic,
                           boolean stateful, boolean toolResultsPending) {

    /** The client API, part of the key: the same body on two APIs is two answers. */
    public enum Api {
        CHAT("chat"), MESSAGES("messages"), EMBEDDINGS("embeddings"), RESPONSES("responses");

        private final String wire;

        Api(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private static final Set<String> SAMPLING = Set.of("temperature", "top_p", "top_k");
    /**
     * Fields outside the key: the model name (the key holds what it resolved to) and the delivery
     * (the stream flag is keyed on its own; with or without a usage chunk is one answer).
     */
    private static final Set<String> DELIVERY = Set.of("model", "stream", "stream_options");

    public CacheRequest {
        skipped = Set.copyOf(skipped);
        headers = Map.copyOf(headers);
    }

    /**
     * {@code POST /v1/chat/completions}: {@code store: true} is stateful; a last message of role
     * {@code tool} is a pending tool result. Null for a request without the client's JSON (one
     * translated from another API), which is never cached as a chat request.
     */
    public static CacheRequest chat(ChatRequest request) {
        JsonNode body = request.raw();
        if (body == null) return null;
        JsonNode messages = body.path("messages");
        JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1) : null;
        String role = last == null ? "" : last.path("role").asText("");
        return new CacheRequest(Api.CHAT, body, DELIVERY, Map.of(), request.stream(), request.includeUsage(),
                request.temperature(), sampled(body), false, body.path("store").asBoolean(false),
                role.equals("tool") || role.equals("function"));
    }

    /**
     * {@code POST /v1/messages}: the {@code anthropic-version} and {@code anthropic-beta} headers are
     * part of the key; a last user message carrying a {@code tool_result} block is a pending tool result.
     */
    public static CacheRequest messages(MessagesRequest request) {
        JsonNode body = request.tree();
        JsonNode messages = body.path("messages");
        JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1) : null;
        boolean toolResult = false;
        if (last != null && "user".equals(last.path("role").asText()) && last.path("content").isArray()) {
            for (JsonNode block : last.get("content")) toolResult |= "tool_result".equals(block.path("type").asText());
        }
        return new CacheRequest(Api.MESSAGES, body, DELIVERY, request.headers(), request.stream(), false,
                temperature(body), sampled(body), false, false, toolResult);
    }

    /** {@code POST /v1/embeddings}: nothing is sampled, so every request is eligible. */
    public static CacheRequest embeddings(EmbeddingsRequest request) {
        JsonNode body;
        try {
            body = Json.tree(request.body()); // parsed and checked once already, so this cannot fail
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new CacheRequest(Api.EMBEDDINGS, body, Set.of("model"), Map.of(), false, false, null, false, true, false, false);
    }

    /**
     * {@code POST /v1/responses}: only a stateless call is eligible by default, i.e. one that sets
     * {@code store: false} (the API stores by default) and names no {@code previous_response_id} or
     * {@code conversation}; an input whose last item is a {@code *_call_output} is a pending tool result.
     */
    public static CacheRequest responses(JsonNode body, boolean stream) {
        JsonNode store = body.get("store");
        boolean stateful = store == null || store.isNull() || store.asBoolean(true)
                || body.hasNonNull("previous_response_id") || body.hasNonNull("conversation");
        JsonNode input = body.path("input");
        JsonNode last = input.isArray() && !input.isEmpty() ? input.get(input.size() - 1) : null;
        boolean toolResult = last != null && last.path("type").asText("").endsWith("_call_output");
        return new CacheRequest(Api.RESPONSES, body, DELIVERY, Map.of(), stream, false, temperature(body), sampled(body),
                false, stateful, toolResult);
    }

    private static boolean sampled(JsonNode body) {
        for (String field : SAMPLING) if (body.hasNonNull(field)) return true;
        return false;
    }

    private static Double temperature(JsonNode body) {
        JsonNode t = body.get("temperature");
        return t != null && t.isNumber() ? t.doubleValue() : null;
    }
}
