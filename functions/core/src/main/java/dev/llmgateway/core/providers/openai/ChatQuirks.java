package dev.llmgateway.core.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * @param rejected fields the provider refuses, top-level ({@code logit_bias}) or in every message
 *     ({@code messages[].name}); a request carrying one gets a 400 naming it instead of an upstream error
 * @param singleChoice the provider serves only {@code n = 1}
 * @param responses the provider serves OpenAI's Responses API ({@code /responses}), so it is passed through
 */
public record ChatQuirks(ChatPath path, boolean streamUsage, Map<String, String> renamed, Set<String> rejected,
                         boolean singleChoice, boolean responses) {
    public static final ChatQuirks NONE = new ChatQuirks(ChatPath.STANDARD, true, Map.of(), Set.of(), false, false);
    private static final String IN_MESSAGES = "messages[].";

    public ChatQuirks {
        renamed = Map.copyOf(renamed);
        rejected = Set.copyOf(rejected);
    }

    public ChatQuirks withPath(ChatPath path) {
        return new ChatQuirks(path, streamUsage, renamed, rejected, singleChoice, responses);
    }

    public ChatQuirks withoutStreamUsage() {
        return new ChatQuirks(path, false, renamed, rejected, singleChoice, responses);
    }

    public ChatQuirks renaming(String from, String to) {
        Map<String, String> all = new HashMap<>(renamed);
        all.put(from, to);
        return new ChatQuirks(path, streamUsage, all, rejected, singleChoice, responses);
    }

    public ChatQuirks rejecting(String... fields) {
        Set<String> all = new LinkedHashSet<>(rejected);
        all.addAll(List.of(fields));
        return new ChatQuirks(path, streamUsage, renamed, all, singleChoice, responses);
    }

    public ChatQuirks withSingleChoice() {
        return new ChatQuirks(path, streamUsage, renamed, rejected, true, responses);
    }

    public ChatQuirks withResponses() {
        return new ChatQuirks(path, streamUsage, renamed, rejected, singleChoice, true);
    }

    /** These quirks with a path that depends on settings (Azure's API version) resolved against {@code env}. */
    public ChatQuirks resolve(Env env) {
        return withPath(path.resolve(env));
    }

    /** The variables these quirks read (Azure's API version). */
    public List<String> settings() {
        return path instanceof ChatPath.AzureByApiVersion azure ? List.of(azure.variable()) : List.of();
    }

    String url(String baseUrl, String model) {
        return path.url(baseUrl, model);
    }

    String responsesUrl(String baseUrl, String suffix, String query) {
        return path.responsesUrl(baseUrl, suffix, query);
    }

    /** Refuses, by name, a field the provider would reject. */
    void check(ChatRequest request, String provider) {
        if (singleChoice && request.n() != 1) {
            throw GatewayError.unsupported(provider, "n", "the provider serves one choice only; send n=1 or omit it");
        }
        for (String field : rejected) {
            if (field.startsWith(IN_MESSAGES)) {
                String name = field.substring(IN_MESSAGES.length());
                JsonNode messages = request.raw().path("messages");
                for (int i = 0; i < messages.size(); i++) {
                    if (present(messages.get(i).get(name))) {
                        throw GatewayError.unsupported(provider, "messages[" + i + "]." + name, "the provider rejects it");
                    }
                }
            } else if (present(request.raw().get(field))) {
                throw GatewayError.unsupported(provider, field, "the provider rejects it");
            }
        }
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    void rewrite(ObjectNode body) {
        renamed.forEach((from, to) -> {
            JsonNode value = body.remove(from);
            if (value != null && !body.has(to)) body.set(to, value);
        });
    }
}
