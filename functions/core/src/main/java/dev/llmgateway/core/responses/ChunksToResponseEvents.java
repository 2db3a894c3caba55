package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns the OpenAI chunks any provider streams into the Responses API's semantic events, one
 * complete SSE event per send, numbered from 0: {@code response.created} and
 * {@code response.in_progress}; per output item {@code response.output_item.added}, for a message
 * (or reasoning) {@code response.content_part.added}, the text deltas, their {@code .done} and
 * {@code response.content_part.done}, for a function call {@code response.function_call_arguments.delta}
 * and {@code .done}; then {@code response.output_item.done}; and at the end
 * {@code response.completed} (or {@code response.incomplete}) with the whole response. One
 * instance per stream.
 */
public final class ChunksToResponseEvents implements ChunkSink {
    private enum Kind { REASONING, MESSAGE, CALL }

    private final ChunkSink events;
    private final ResponseObject response;
    private final ArrayNode output = Json.MAPPER.createArrayNode();
    private long sequence;
    private boolean started;
    private Kind open;              // the kind of the open item, null when none is open
    private String itemId;
    private int toolIndex;          // the chat tool-call index the open function call belongs to
    private String callId;
    private String name;
    private final StringBuilder text = new StringBuilder();
    private ArrayNode signedThinking = Json.MAPPER.createArrayNode(); // Claude's blocks of the open reasoning item
    private String finishReason;

    public ChunksToResponseEvents(ChunkSink events, ResponseObject response) {
        this.events = events;
        this.response = response;
    }

    @Override
    public void send(byte[] chunkJson) throws IOException {
        JsonNode chunk = Json.tree(chunkJson);
        start();
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            String reasoning = delta.path("reasoning_content").asText("");
            if (!reasoning.isEmpty()) {
                if (open != Kind.REASONING) openItem(Kind.REASONING, null);
                textDelta("response.reasoning_text.delta", reasoning);
            }
            for (JsonNode block : delta.path("thinking_blocks")) {
                if (open != Kind.REASONING) openItem(Kind.REASONING, null);
                signedThinking.add(block);
            }
            String content = delta.path("content").asText("");
            if (!content.isEmpty()) {
                if (open != Kind.MESSAGE) openItem(Kind.MESSAGE, null);
                textDelta("response.output_text.delta", content);
            }
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt();
                if (open != Kind.CALL || toolIndex != index) {
                    toolIndex = index;
                    openItem(Kind.CALL, call);
                }
                String arguments = call.path("function").path("arguments").asText("");
                if (!arguments.isEmpty()) {
                    text.append(arguments);
                    event("response.function_call_arguments.delta", located().put("delta", arguments));
                }
            }
            if (choice.hasNonNull("finish_reason")) finishReason = choice.get("finish_reason").asText();
        }
    }

    /**
     * Closes the stream after the provider's last chunk: the open item, then the terminal event
     * with the whole response. {@code beforeTerminal} sees that response first (to store it), so a
     * client that has the terminal event can rely on what it says.
     */
    public ObjectNode finish(Usage usage, Terminal beforeTerminal) throws IOException {
        start();
        close();
        String reason = ResponseObject.incompleteReason(finishReason);
        ObjectNode done = response.render(reason == null ? "completed" : "incomplete", output, usage, reason);
        beforeTerminal.accept(done);
        ObjectNode event = Json.object();
        event.set("response", done);
        event(reason == null ? "response.completed" : "response.incomplete", event);
        return done;
    }

    /** Ends the stream with OpenAI's {@code error} event instead of the terminal one (the response could not be kept). */
    public void fail(String code, String message) throws IOException {
        ObjectNode error = Json.object().put("code", code).put("message", message).putNull("param");
        event("error", error);
    }

    /** What runs on the final response before the terminal event goes out. */
    @FunctionalInterface
    public interface Terminal {
        void accept(ObjectNode response) throws IOException;
    }

    private void start() throws IOException {
        if (started) return;
        started = true;
        ObjectNode created = Json.object();
        created.set("response", response.render("in_progress", null, null, null));
        event("response.created", created);
        ObjectNode progress = Json.object();
        progress.set("response", response.render("in_progress", null, null, null));
        event("response.in_progress", progress);
    }

    private void openItem(Kind kind, JsonNode call) throws IOException {
        close();
        open = kind;
        text.setLength(0);
        ObjectNode item = switch (kind) {
            case REASONING -> {
                itemId = Ids.responses("rs_");
                ObjectNode reasoning = Json.object().put("id", itemId).put("type", "reasoning");
                reasoning.putArray("summary");
                reasoning.putArray("content");
                reasoning.put("status", "in_progress");
                yield reasoning;
            }
            case MESSAGE -> ChatToResponses.message(itemId = Ids.responses("msg_"), "in_progress");
            case CALL -> {
                itemId = Ids.responses("fc_");
                callId = call.path("id").asText(Ids.toolCall());
                name = call.path("function").path("name").asText();
                yield ChatToResponses.functionCall(itemId, callId, name, "", "in_progress");
            }
        };
        ObjectNode added = Json.object().put("output_index", output.size());
        added.set("item", item);
        event("response.output_item.added", added);
        if (kind != Kind.CALL) {
            ObjectNode part = located().put("content_index", 0);
            part.set("part", part(kind, ""));
            event("response.content_part.added", part);
        }
    }

    private void textDelta(String type, String delta) throws IOException {
        text.append(delta);
        ObjectNode event = located().put("content_index", 0).put("delta", delta);
        if (open == Kind.MESSAGE) event.putArray("logprobs");
        event(type, event);
    }

    private void close() throws IOException {
        if (open == null) return;
        Kind kind = open;
        open = null;
        String full = text.toString();
        ObjectNode item;
        if (kind == Kind.CALL) {
            event("response.function_call_arguments.done", located().put("arguments", full).put("name", name));
            item = ChatToResponses.functionCall(itemId, callId, name, full, "completed");
        } else {
            ObjectNode done = located().put("content_index", 0).put("text", full);
            if (kind == Kind.MESSAGE) done.putArray("logprobs");
            event(kind == Kind.MESSAGE ? "response.output_text.done" : "response.reasoning_text.done", done);
            ObjectNode partDone = located().put("content_index", 0);
            partDone.set("part", part(kind, full));
            event("response.content_part.done", partDone);
            if (kind == Kind.MESSAGE) {
                item = ChatToResponses.message(itemId, "completed");
                ((ArrayNode) item.get("content")).add(ChatToResponses.textPart(full));
            } else {
                item = ChatToResponses.reasoning(itemId, full, SignedThinking.encode(signedThinking), "completed");
                signedThinking = Json.MAPPER.createArrayNode();
            }
        }
        ObjectNode itemDone = Json.object().put("output_index", output.size());
        itemDone.set("item", item);
        event("response.output_item.done", itemDone);
        output.add(item);
    }

    private static ObjectNode part(Kind kind, String full) {
        return kind == Kind.MESSAGE ? ChatToResponses.textPart(full) : Json.object().put("type", "reasoning_text").put("text", full);
    }

    /** The fields every event about the open item carries. */
    private ObjectNode located() {
        return Json.object().put("item_id", itemId).put("output_index", output.size());
    }

    private void event(String type, ObjectNode fields) throws IOException {
        ObjectNode data = Json.object().put("type", type);
        data.setAll(fields);
        data.put("sequence_number", sequence++);
        events.send(("event: " + type + "\ndata: " + Json.string(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
