package dev.llmgateway.core.guardrail.wire;

import static dev.llmgateway.core.guardrail.wire.JsonText.content;
import static dev.llmgateway.core.guardrail.wire.JsonText.each;
import static dev.llmgateway.core.guardrail.wire.JsonText.field;
import static dev.llmgateway.core.guardrail.wire.JsonText.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.json.Json;

/**
 * A buffered answer on its way to the client: each text the model wrote handed to
 * {@link Guard#outbound} (outbound rules, then this request's placeholders restored). The body is
 * rewritten only when something in it changed; otherwise the upstream's bytes go out as they came.
 */
public final class Answers {
    private Answers() {}

    public static byte[] screen(Inbound.Api api, byte[] body, Guard guard) {
        if (!guard.outboundActive() || api == Inbound.Api.EMBEDDINGS) return body;
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return body; // not JSON: nothing the model wrote can be found in it
        }
        if (!(parsed instanceof ObjectNode tree)) return body;
        boolean[] changed = {false};
        JsonText.Screen s = (location, text) -> {
            String out = guard.outbound(location, text);
            if (!out.equals(text)) changed[0] = true;
            return out;
        };
        switch (api) {
            case CHAT -> each(tree, "choices", "choices", (c, at) -> {
                JsonNode m = c.get("message");
                field(m, "content", at + ".message.content", s);
                each(m, "tool_calls", at + ".message.tool_calls", (call, k) -> field(call.get("function"), "arguments", k + ".function.arguments", s));
            });
            case MESSAGES -> each(tree, "content", "content", (block, at) -> {
                field(block, "text", at + ".text", s);
                strings(block.get("input"), at + ".input", s);
            });
            case RESPONSES -> each(tree, "output", "output", (item, at) -> {
                content(item, "content", at + ".content", s);
                field(item, "arguments", at + ".arguments", s);
            });
            case EMBEDDINGS -> { }
        }
        return changed[0] ? Json.bytes(tree) : body;
    }
}
