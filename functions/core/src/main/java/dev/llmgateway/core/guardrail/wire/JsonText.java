package dev.llmgateway.core.guardrail.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Small steps over a JSON tree that hand each text to a guard and put back what it returns. The
 * API walkers ({@link Inbound}, {@link Answers}) are made of these, so a location is always named
 * the same way ({@code messages[2].content[0].text}).
 */
final class JsonText {
    /** A text and where it sits; answers the text to keep in its place. */
    @FunctionalInterface
    interface Screen {
        String apply(String location, String text);
    }

    private JsonText() {}

    /** {@code parent.field} when it is a string. */
    static void field(JsonNode parent, String field, String location, Screen screen) {
        if (!(parent instanceof ObjectNode object)) return;
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) return;
        String out = screen.apply(location, value.asText());
        if (!out.equals(value.asText())) object.put(field, out);
    }

    /** Content that is a string, or an array of strings and parts with a {@code text} field. */
    static void content(JsonNode parent, String field, String location, Screen screen) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null) return;
        if (value.isTextual()) {
            field(parent, field, location, screen);
            return;
        }
        if (!(value instanceof ArrayNode parts)) return;
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String at = location + "[" + j + "]";
            if (part.isTextual()) {
                String out = screen.apply(at, part.asText());
                if (!out.equals(part.asText())) parts.set(j, TextNode.valueOf(out));
            } else {
                field(part, "text", at + ".text", screen);
            }
        }
    }

    /**
     * Every string inside {@code node} (a tool's JSON input), all named by {@code location}: the keys
     * inside are the client's own text, which must not reach a finding, a log or an error message.
     */
    static void strings(JsonNode node, String location, Screen screen) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = location;
                if (e.getValue().isTextual()) {
                    String out = screen.apply(at, e.getValue().asText());
                    if (!out.equals(e.getValue().asText())) e.setValue(TextNode.valueOf(out));
                } else {
                    strings(e.getValue(), at, screen);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode e = array.get(i);
                String at = location;
                if (e.isTextual()) {
                    String out = screen.apply(at, e.asText());
                    if (!out.equals(e.asText())) array.set(i, TextNode.valueOf(out));
                } else {
                    strings(e, at, screen);
                }
            }
        }
    }

    /** Each element of {@code parent.field} when it is an array, with its location. */
    static void each(JsonNode parent, String field, String location, java.util.function.BiConsumer<JsonNode, String> step) {
        JsonNode array = parent == null ? null : parent.get(field);
        if (array == null || !array.isArray()) return;
        for (int i = 0; i < array.size(); i++) step.accept(array.get(i), location + "[" + i + "]");
    }
}
