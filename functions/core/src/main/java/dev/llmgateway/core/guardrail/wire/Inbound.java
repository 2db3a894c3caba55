package dev.llmgateway.core.guardrail.wire;

import static dev.llmgateway.core.guardrail.wire.JsonText.content;
import static dev.llmgateway.core.guardrail.wire.JsonText.each;
import static dev.llmgateway.core.guardrail.wire.JsonText.field;
import static dev.llmgateway.core.guardrail.wire.JsonText.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;

/**
 * Where each inbound API carries the client's text, handed to {@link Guard#inbound} in place: chat
 * messages, tool results and tool-call arguments; Messages system, text, tool_use input and
 * tool_result blocks; Responses instructions and input items; embeddings input. Works on the
 * request's JSON, so a passed-through body and a translated one carry the same redacted text.
 * Token-array inputs (embeddings) are not text and are not scanned.
 */
public final class Inbound {
    /** The inbound API whose body this is. */
    public enum Api { CHAT, MESSAGES, RESPONSES, EMBEDDINGS }

    private Inbound() {}

    /** Screens {@code tree} (changed in place) under {@code guard}; throws the guard's 400 on a block. */
    public static void screen(Api api, ObjectNode tree, Guard guard) {
        JsonText.Screen s = guard::inbound;
        switch (api) {
            case CHAT -> chat(tree, s);
            case MESSAGES -> messages(tree, s);
            case RESPONSES -> responses(tree, s);
            case EMBEDDINGS -> content(tree, "input", "input", s);
        }
        guard.inboundDone();
    }

    /** Responses input items kept from an earlier turn, at {@code location[i]}. */
    public static void items(com.fasterxml.jackson.databind.node.ArrayNode items, String location, Guard guard) {
        ObjectNode holder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        holder.set("input", items);
        each(holder, "input", location, (item, at) -> item(item, at, guard::inbound));
        guard.inboundDone();
    }

    private static void chat(ObjectNode tree, JsonText.Screen s) {
        each(tree, "messages", "messages", (m, at) -> {
            content(m, "content", at + ".content", s);
            each(m, "tool_calls", at + ".tool_calls", (call, c) -> field(call.get("function"), "arguments", c + ".function.arguments", s));
            field(m.get("function_call"), "arguments", at + ".function_call.arguments", s);
        });
    }

    private static void messages(ObjectNode tree, JsonText.Screen s) {
        content(tree, "system", "system", s);
        each(tree, "messages", "messages", (m, at) -> {
            JsonNode c = m.get("content");
            if (c != null && c.isTextual()) {
                field(m, "content", at + ".content", s);
                return;
            }
            each(m, "content", at + ".content", (block, b) -> {
                field(block, "text", b + ".text", s);
                strings(block.get("input"), b + ".input", s);
                content(block, "content", b + ".content", s); // tool_result: a string or text blocks
            });
        });
    }

    private static void responses(ObjectNode tree, JsonText.Screen s) {
        field(tree, "instructions", "instructions", s);
        JsonNode input = tree.get("input");
        if (input != null && input.isTextual()) {
            field(tree, "input", "input", s);
            return;
        }
        each(tree, "input", "input", (item, at) -> item(item, at, s));
    }

    private static void item(JsonNode item, String at, JsonText.Screen s) {
        content(item, "content", at + ".content", s);
        field(item, "arguments", at + ".arguments", s); // function_call
        content(item, "output", at + ".output", s); // function_call_output
    }
}
