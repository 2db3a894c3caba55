package dev.llmgateway.core.guardrail.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import java.io.IOException;
import java.util.List;

/**
 * Anthropic Messages events: each content block's {@code text_delta} text or
 * {@code input_json_delta} JSON is a run; what a block still holds goes out as one more delta just
 * before its {@code content_block_stop}.
 */
final class MessagesStream extends StreamScreen.Events {
    MessagesStream(Guard guard, ChunkSink next) {
        super(guard, next);
    }

    @Override
    void event(SseEvent event, byte[] bytes) throws IOException {
        switch (event.type()) {
            case "content_block_delta" -> {
                int index = event.data().path("index").asInt();
                if (event.data().get("delta") instanceof ObjectNode delta) {
                    JsonText.field(delta, "text", "content[" + index + "].text", this::push);
                    JsonText.field(delta, "partial_json", "content[" + index + "].input", this::push);
                }
                next.send(event.bytes());
            }
            case "content_block_stop" -> {
                release(event.data().path("index").asInt());
                next.send(bytes);
            }
            case "message_delta", "message_stop" -> {
                finish();
                next.send(bytes);
            }
            default -> next.send(bytes);
        }
    }

    /** The block's held text as one last delta of its kind. */
    private void release(int index) throws IOException {
        String text = end("content[" + index + "].text");
        String json = end("content[" + index + "].input");
        if (!text.isEmpty()) delta(index, "text_delta", "text", text);
        if (!json.isEmpty()) delta(index, "input_json_delta", "partial_json", json);
    }

    private void delta(int index, String type, String field, String value) throws IOException {
        ObjectNode data = Json.object().put("type", "content_block_delta").put("index", index);
        data.putObject("delta").put("type", type).put(field, value);
        next.send(new SseEvent("content_block_delta", data).bytes());
    }

    @Override
    public void finish() throws IOException {
        for (String location : List.copyOf(runs.keySet())) {
            release(Integer.parseInt(location.substring(location.indexOf('[') + 1, location.indexOf(']'))));
        }
    }
}
