package dev.llmgateway.core.spi;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.llmgateway.core.api.ChatChunk;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a translated stream's OpenAI chunks, the same way for every provider: one id and
 * timestamp per stream, the role on the first delta, a finish chunk, then (only when the client
 * asked with {@code stream_options.include_usage}) one usage chunk with empty {@code choices}.
 */
public final class ChunkEmitter {
    private static final byte[] NO_BYTES = {};
    private static final byte[] ROLE = ascii("\"role\":\"assistant\",");
    private static final byte[] CONTENT = ascii("\"content\":");
    private static final byte[] TEXT_TAIL = ascii("},\"finish_reason\":null,\"logprobs\":null}]}");

    private final ChunkSink sink;
    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private final byte[] textHead; // {"id":..,"object":..,"created":..,"model":..,"choices":[{"index":0,"delta":{
    private boolean roleSent;
    private int toolCallsStarted;
    private String finishReason;
    private String upstreamId;
    private final java.util.Map<Integer, OpenThinking> openThinking = new java.util.HashMap<>();

    public ChunkEmitter(ChunkSink sink, ChatRequest request, String model) {
        this.sink = sink;
        this.id = Ids.completion();
        this.created = System.currentTimeMillis() / 1000;
        this.model = model;
        this.includeUsage = request.includeUsage();
        this.textHead = ascii("{\"id\":" + quote(id) + ",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":" + quote(model) + ",\"choices\":[{\"index\":0,\"delta\":{");
    }

    /**
     * A content delta. The most frequent chunk by far, so it is written directly: the per-stream
     * head, then only the escaped text is new. The JSON is that of the equivalent {@link ChatChunk},
     * byte for byte except that characters outside the BMP stay UTF-8 instead of {@code \\u} pairs.
     */
    public void text(String text) throws IOException {
        if (text == null || text.isEmpty()) return;
        byte[] role = role() == null ? NO_BYTES : ROLE;
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] chunk = new byte[textHead.length + role.length + CONTENT.length + quoted.length + 2 + TEXT_TAIL.length];
        int at = put(chunk, 0, textHead);
        at = put(chunk, at, role);
        at = put(chunk, at, CONTENT);
        chunk[at++] = '"';
        at = put(chunk, at, quoted);
        chunk[at++] = '"';
        put(chunk, at, TEXT_TAIL);
        sink.send(chunk);
    }

    /** A thinking delta, as {@code reasoning_content}: where a provider streams its reasoning. */
    public void reasoning(String text) throws IOException {
        if (text == null || text.isEmpty()) return;
        delta(new ChatChunk.Delta(role(), null, text, null, null));
    }

    /** A finished signed thinking block, once, as a {@code thinking_blocks} delta (its text came as reasoning deltas before). */
    public void thinkingBlock(ThinkingBlock block) throws IOException {
        delta(new ChatChunk.Delta(role(), null, null, List.of(block), null));
    }

    /**
     * Thinking text of the provider's content block {@code block} (Claude streams it in pieces):
     * sent now as a reasoning delta and kept, so that {@link #thinkingEnd} can send the block signed.
     */
    public void thinkingText(int block, String text) throws IOException {
        openThinking.computeIfAbsent(block, b -> new OpenThinking()).text.append(text);
        reasoning(text);
    }

    /** A piece of the signature of thinking block {@code block}. */
    public void thinkingSignature(int block, String signature) {
        openThinking.computeIfAbsent(block, b -> new OpenThinking()).signature.append(signature);
    }

    /** The end of content block {@code block}: a thinking block is whole only now, and goes out once, signed. */
    public void thinkingEnd(int block) throws IOException {
        OpenThinking done = openThinking.remove(block);
        if (done != null) thinkingBlock(ThinkingBlock.thinking(done.text.toString(), done.signature.toString()));
    }

    /** A thinking block still streaming: its text and signature so far. */
    private static final class OpenThinking {
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
    }

    /** The first delta of a tool call: id, name, and possibly the first arguments. */
    public void toolCallStart(int index, String callId, String name, String arguments) throws IOException {
        toolCallsStarted++;
        delta(new ChatChunk.Delta(role(), null, List.of(new ChatChunk.ToolCallDelta(index, callId, "function",
                new ChatChunk.FunctionDelta(name, arguments == null ? "" : arguments)))));
    }

    /** Tool calls that arrive whole (Gemini, Ollama): each is sent as one delta with the next index. */
    public void toolCalls(List<ToolCall> calls) throws IOException {
        for (ToolCall call : calls) toolCallStart(toolCallsStarted, call.id(), call.name(), call.arguments());
    }

    /** Whether any tool call was sent, for the finish reason. */
    public boolean calledTools() {
        return toolCallsStarted > 0;
    }

    public void toolCallArguments(int index, String arguments) throws IOException {
        if (arguments == null || arguments.isEmpty()) return;
        delta(new ChatChunk.Delta(role(), null, List.of(new ChatChunk.ToolCallDelta(index, null, null,
                new ChatChunk.FunctionDelta(null, arguments)))));
    }

    /**
     * The upstream's own response id, as its events carry it (the first one counts): for the trace,
     * the chunks keep the gateway's own id.
     */
    public void upstreamId(String id) {
        if (upstreamId == null && id != null && !id.isEmpty()) upstreamId = id;
    }

    /** Sends the finish chunk and, if asked for, the usage chunk. Call once, at the end. */
    public StreamResult finish(String reason, Usage usage) throws IOException {
        return finish(reason, usage, null);
    }

    /** As {@link #finish(String, Usage)}, recording that a client stop sequence ended the answer. */
    public StreamResult finish(String reason, Usage usage, StopSequence stop) throws IOException {
        finishReason = reason;
        send(new ChatChunk(id, created, model, List.of(new ChatChunk.Choice(new ChatChunk.Delta(role(), null, null), reason)), null));
        if (includeUsage) {
            send(new ChatChunk(id, created, model, List.of(), usage == null ? Usage.of(0, 0) : usage));
        }
        return new StreamResult(usage, reason, stop, upstreamId);
    }

    public boolean finished() {
        return finishReason != null;
    }

    private String role() {
        if (roleSent) return null;
        roleSent = true;
        return "assistant";
    }

    private void delta(ChatChunk.Delta delta) throws IOException {
        send(new ChatChunk(id, created, model, List.of(new ChatChunk.Choice(delta, null)), null));
    }

    private void send(ChatChunk chunk) throws IOException {
        sink.send(Json.bytes(chunk));
    }

    private static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    private static byte[] ascii(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }
}
