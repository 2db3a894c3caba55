package dev.llmgateway.core.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Ids;
import dev.llmgateway.core.spi.StopSequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the OpenAI chunks any provider streams into Anthropic's event sequence, written to
 * {@code events} one complete SSE event per send: {@code message_start} and a {@code ping}
 * (as Anthropic sends them first), then per content block {@code content_block_start},
 * {@code content_block_delta} ({@code text_delta} or {@code input_json_delta}) and
 * {@code content_block_stop}, and at the end {@code message_delta} (stop reason, usage) and
 * {@code message_stop}. One instance per stream.
 */
public final class ChunksToEvents implements ChunkSink {
    private final ChunkSink events;
    private final String model;
    private final List<String> stops;
    private boolean started;
    private int block = -1;            // the index of the last content block opened
    private boolean opened;            // whether that block is still open
    private int openToolIndex = -1;    // the OpenAI tool-call index the open block belongs to, -1 for text
    private String finishReason;
    private StopSequence named;        // the stop sequence a vLLM-style server named in the finish chunk
    private Usage usage;

    /** {@code stops}: the client's stop sequences, to recognise the one that ended the answer. */
    public ChunksToEvents(ChunkSink events, String model, List<String> stops) {
        this.events = events;
        this.model = model;
        this.stops = List.copyOf(stops);
    }

    @Override
    public void send(byte[] chunkJson) throws IOException {
        JsonNode chunk = Json.tree(chunkJson);
        start(chunk);
        if (chunk.hasNonNull("usage")) usage = Usage.fromOpenAi(chunk.get("usage"));
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            String text = delta.path("content").asText("");
            if (!text.isEmpty()) {
                if (!opened || openToolIndex != -1) open(Json.object().put("type", "text").put("text", ""), -1);
                delta(Json.object().put("type", "text_delta").put("text", text));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt();
                if (!opened || openToolIndex != index) {
                    ObjectNode toolUse = Json.object().put("type", "tool_use")
                            .put("id", call.path("id").asText(Ids.toolCall())).put("name", call.path("function").path("name").asText());
                    toolUse.putObject("input");
                    open(toolUse, index);
                }
                String arguments = call.path("function").path("arguments").asText("");
                if (!arguments.isEmpty()) delta(Json.object().put("type", "input_json_delta").put("partial_json", arguments));
            }
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
                named = ChatToMessages.named(choice, stops);
            }
        }
    }

    /**
     * Closes the stream after the provider's last chunk: the open block, then message_delta and
     * message_stop. {@code stop}: what the provider learnt of a stop sequence beside its chunks (null if nothing).
     */
    public void finish(StopSequence stop) throws IOException {
        start(null);
        close();
        ObjectNode delta = Json.object().put("type", "message_delta");
        ChatToMessages.stop(delta.putObject("delta"), finishReason, stop != null ? stop : named);
        delta.set("usage", ChatToMessages.usage(usage));
        event("message_delta", delta);
        event("message_stop", Json.object().put("type", "message_stop"));
    }

    private void start(JsonNode chunk) throws IOException {
        if (started) return;
        started = true;
        ObjectNode message = Json.object();
        message.put("id", ChatToMessages.messageId(chunk == null ? Ids.completion() : chunk.path("id").asText(Ids.completion())));
        message.put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", ChatToMessages.usage(null));
        ObjectNode start = Json.object().put("type", "message_start");
        start.set("message", message);
        event("message_start", start);
        event("ping", Json.object().put("type", "ping"));
    }

    private void open(ObjectNode contentBlock, int toolIndex) throws IOException {
        close();
        block++;
        openToolIndex = toolIndex;
        ObjectNode start = Json.object().put("type", "content_block_start").put("index", block);
        start.set("content_block", contentBlock);
        event("content_block_start", start);
        opened = true;
    }

    private void close() throws IOException {
        if (!opened) return;
        opened = false;
        event("content_block_stop", Json.object().put("type", "content_block_stop").put("index", block));
    }

    private void delta(ObjectNode delta) throws IOException {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", block);
        event.set("delta", delta);
        event("content_block_delta", event);
    }

    private void event(String name, ObjectNode data) throws IOException {
        events.send(("event: " + name + "\ndata: " + Json.string(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
