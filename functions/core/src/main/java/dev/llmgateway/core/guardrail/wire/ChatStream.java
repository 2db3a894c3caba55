package dev.llmgateway.core.guardrail.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat chunks: {@code choices[i].delta.content} and each tool call's
 * {@code function.arguments} are runs; a choice's held text goes out in the chunk carrying its
 * {@code finish_reason}, and anything left before a chunk without choices (the usage chunk) or at
 * the end in a chunk of its own.
 */
final class ChatStream extends StreamScreen {
    private ObjectNode last; // id, created and model for a chunk of our own

    ChatStream(Guard guard, ChunkSink next) {
        super(guard, next);
    }

    @Override
    public void send(byte[] chunk) throws IOException {
        JsonNode parsed = tree(chunk);
        if (!(parsed instanceof ObjectNode tree) || !(tree.get("choices") instanceof ArrayNode choices)) {
            next.send(chunk);
            return;
        }
        last = tree;
        if (choices.isEmpty()) {
            finish();
            next.send(chunk);
            return;
        }
        for (int i = 0; i < choices.size(); i++) {
            if (!(choices.get(i) instanceof ObjectNode choice)) continue;
            String at = "choices[" + choice.path("index").asInt(i) + "].message";
            ObjectNode delta = choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
            JsonText.field(delta, "content", at + ".content", this::push);
            JsonText.each(delta, "tool_calls", at + ".tool_calls", (call, ignored) -> {
                String k = at + ".tool_calls[" + call.path("index").asInt(0) + "].function.arguments";
                JsonText.field(call.get("function"), "arguments", k, this::push);
            });
            if (choice.hasNonNull("finish_reason")) endChoice(at, delta);
        }
        next.send(Json.bytes(tree));
    }

    /** Appends each run of the choice still holding text to this chunk's delta. */
    private void endChoice(String at, ObjectNode delta) {
        for (String location : List.copyOf(runs.keySet())) {
            if (!location.startsWith(at + ".")) continue;
            String rest = end(location);
            if (rest.isEmpty()) continue;
            if (location.endsWith(".content")) {
                delta.put("content", delta.path("content").asText("") + rest);
                continue;
            }
            int index = Integer.parseInt(location.substring(location.lastIndexOf("tool_calls[") + 11, location.lastIndexOf(']')));
            ObjectNode call = null;
            for (JsonNode c : delta.withArray("tool_calls")) {
                if (c.path("index").asInt(-1) == index && c instanceof ObjectNode o) call = o;
            }
            if (call == null) call = delta.withArray("tool_calls").addObject().put("index", index);
            ObjectNode function = call.get("function") instanceof ObjectNode f ? f : call.putObject("function");
            function.put("arguments", function.path("arguments").asText("") + rest);
        }
    }

    @Override
    public void finish() throws IOException {
        if (runs.isEmpty() || last == null) return;
        List<String> open = new ArrayList<>(runs.keySet());
        for (String location : open) {
            String choice = location.substring(0, location.indexOf(".message"));
            ObjectNode chunk = Json.object();
            for (String f : new String[] {"id", "object", "created", "model", "system_fingerprint"}) {
                if (last.has(f)) chunk.set(f, last.get(f));
            }
            ObjectNode c = chunk.putArray("choices").addObject()
                    .put("index", Integer.parseInt(choice.substring(choice.indexOf('[') + 1, choice.indexOf(']'))));
            ObjectNode delta = c.putObject("delta");
            c.putNull("finish_reason");
            endChoice(choice + ".message", delta);
            if (!delta.isEmpty()) next.send(Json.bytes(chunk));
        }
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
