package dev.llmgateway.core.guardrail.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;

/** One complete server-sent event of a Messages or Responses stream: its name and its JSON data. */
record SseEvent(String name, ObjectNode data) {
    /** The event in {@code bytes}, or null when it is not one named event with a JSON object as data. */
    static SseEvent parse(byte[] bytes) {
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("event:")) name = line.substring(6).trim();
            else if (line.startsWith("data:")) data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5)).append('\n');
        }
        if (name == null || data.isEmpty()) return null;
        JsonNode tree = ChatStream.tree(data.toString().getBytes(StandardCharsets.UTF_8));
        return tree instanceof ObjectNode o ? new SseEvent(name, o) : null;
    }

    byte[] bytes() {
        return ("event: " + name + "\ndata: " + Json.string(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    String type() {
        return data.path("type").asText(name);
    }
}
