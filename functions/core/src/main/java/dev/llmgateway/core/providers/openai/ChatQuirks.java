package dev.llmgateway.core.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import java.util.Map;
import java.util.Set;

/**
 * How one OpenAI-compatible provider departs from OpenAI's chat API, declared as data in its
 * catalogue row instead of a fork of the translator.
 *
 * @param path where the chat endpoint lives under the base URL
 * @param streamUsage whether the provider takes {@code stream_options.include_usage}; without it the
 *     gateway sends none and meters the usage the provider reports on its own
 * @param renamed fields the provider knows under another name (e.g. {@code max_completion_tokens} to
 *     {@code max_tokens}), moved before the body is sent
 * @param rejected fields the provider refuses; a request carrying one gets a 400 naming it instead
 *     of an upstream error (nothing is dropped silently)
 */
public record ChatQuirks(ChatPath path, boolean streamUsage, Map<String, String> renamed, Set<String> rejected) {
    public static final ChatQuirks NONE = new ChatQuirks(ChatPath.STANDARD, true, Map.of(), Set.of());

    public ChatQuirks {
        renamed = Map.copyOf(renamed);
        rejected = Set.copyOf(rejected);
    }

    public ChatQuirks withPath(ChatPath path) {
        return new ChatQuirks(path, streamUsage, renamed, rejected);
    }

    public ChatQuirks withoutStreamUsage() {
        return new ChatQuirks(path, false, renamed, rejected);
    }

    public ChatQuirks renaming(String from, String to) {
        Map<String, String> all = new java.util.HashMap<>(renamed);
        all.put(from, to);
        return new ChatQuirks(path, streamUsage, all, rejected);
    }

    public ChatQuirks rejecting(String... fields) {
        Set<String> all = new java.util.HashSet<>(rejected);
        all.addAll(Set.of(fields));
        return new ChatQuirks(path, streamUsage, renamed, all);
    }

    String url(String baseUrl, String model) {
        return path.url(baseUrl, model);
    }

    /** Refuses, by name, a field the provider would reject. */
    void check(ChatRequest request, String provider) {
        for (String field : rejected) {
            JsonNode value = request.raw().get(field);
            if (value != null && !value.isNull()) {
                throw GatewayError.unsupported(provider, field, "the provider rejects it");
            }
        }
    }

    void rewrite(ObjectNode body) {
        renamed.forEach((from, to) -> {
            JsonNode value = body.remove(from);
            if (value != null && !body.has(to)) body.set(to, value);
        });
    }
}
