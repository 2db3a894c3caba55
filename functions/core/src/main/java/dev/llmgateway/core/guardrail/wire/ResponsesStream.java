package dev.llmgateway.core.guardrail.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.spi.ChunkSink;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Responses events: each output part's {@code output_text.delta} and each function call's
 * {@code function_call_arguments.delta} is a run. What a run still holds goes out as one more delta
 * just before its {@code .done} event; the {@code .done}, {@code content_part.done},
 * {@code output_item.done} and terminal events, which repeat the whole text, carry exactly the text
 * the client was streamed. A released delta shifts the {@code sequence_number} of every later event.
 */
final class ResponsesStream extends StreamScreen.Events {
    private final Map<String, StringBuilder> streamed = new HashMap<>();
    private int shift;

    ResponsesStream(Guard guard, ChunkSink next) {
        super(guard, next);
    }

    @Override
    void event(SseEvent event, byte[] bytes) throws IOException {
        ObjectNode data = event.data();
        String type = event.type();
        boolean changed = true;
        switch (type) {
            case "response.output_text.delta", "response.function_call_arguments.delta" -> {
                String location = location(data, type.contains("function_call"));
                JsonText.field(data, "delta", location, (at, text) -> {
                    String out = push(at, text);
                    streamed.computeIfAbsent(at, k -> new StringBuilder()).append(out);
                    return out;
                });
            }
            case "response.output_text.done", "response.function_call_arguments.done" -> {
                boolean call = type.contains("function_call");
                String location = location(data, call);
                String rest = end(location);
                if (!rest.isEmpty()) {
                    ObjectNode delta = data.deepCopy().put("type", type.replace(".done", ".delta")).put("delta", rest);
                    delta.remove(call ? "arguments" : "text");
                    streamed.computeIfAbsent(location, k -> new StringBuilder()).append(rest);
                    emit(new SseEvent(type.replace(".done", ".delta"), delta));
                    shift++;
                }
                JsonText.field(data, call ? "arguments" : "text", location, this::whole);
            }
            case "response.content_part.done" -> JsonText.field(data.get("part"), "text", location(data, false), this::whole);
            case "response.output_item.done" -> item(data.get("item"), "output[" + data.path("output_index").asInt() + "]");
            case "response.completed", "response.incomplete", "response.failed" ->
                    JsonText.each(data.get("response"), "output", "output", this::item);
            default -> changed = false;
        }
        if (changed || shift > 0) emit(event);
        else next.send(bytes);
    }

    /** Sends an event, its sequence number moved past the deltas released before it. */
    private void emit(SseEvent event) throws IOException {
        JsonNode n = event.data().get("sequence_number");
        if (n != null && n.canConvertToLong()) event.data().put("sequence_number", n.asLong() + shift);
        next.send(event.bytes());
    }

    private void item(JsonNode item, String at) {
        JsonText.content(item, "content", at + ".content", this::whole);
        JsonText.field(item, "arguments", at + ".arguments", this::whole);
    }

    /** A whole text repeated at the end of a run: what was streamed for it, or, for one never streamed, screened now. */
    private String whole(String location, String text) {
        StringBuilder sent = streamed.get(location);
        return sent != null ? sent.toString() : guard.outbound(location, text);
    }

    private static String location(JsonNode data, boolean call) {
        String item = "output[" + data.path("output_index").asInt() + "]";
        return call ? item + ".arguments" : item + ".content[" + data.path("content_index").asInt() + "].text";
    }

    @Override
    public void finish() {
        // a Responses stream always ends its runs with .done events; anything still held was never completed upstream
        for (String location : List.copyOf(runs.keySet())) end(location);
    }
}
