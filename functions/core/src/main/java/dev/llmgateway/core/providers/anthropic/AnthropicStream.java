package dev.llmgateway.core.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.http.StreamTranslator;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.messages.EventRelay;
import dev.llmgateway.core.messages.MessagesUsage;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.spi.StructuredOutputTool;
import dev.llmgateway.core.stream.Frame;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One Messages API event stream as OpenAI chunks. Anthropic numbers content blocks (text and tool
 * calls together); OpenAI numbers tool calls alone, so each tool_use block gets the next tool-call
 * ordinal and its argument deltas are routed by block index to that ordinal. Input usage comes in
 * {@code message_start}, output usage and the stop reason in {@code message_delta}; the stream is
 * complete only at {@code message_stop}.
 */
final class AnthropicStream implements StreamTranslator {
    private final String provider;
    private final ChunkEmitter out;
    /** True under the structured-output rewrite: that tool's argument deltas are the content. */
    private final boolean rewrite;
    private final MessagesUsage tokens = new MessagesUsage();
    private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();
    private Integer structuredBlock;
    private int toolCalls;
    private String stopReason;
    private StreamResult result;

    AnthropicStream(String provider, ChunkEmitter out, boolean rewrite) {
        this.provider = provider;
        this.out = out;
        this.rewrite = rewrite;
    }

    @Override
    public void onFrame(Frame frame) throws IOException {
        if (result != null) return; // nothing after message_stop belongs to this answer
        JsonNode event = Json.tree(frame.data());
        String type = event.path("type").asText(frame.event() == null ? "" : frame.event());
        if ("error".equals(frame.event()) || "error".equals(type)) throw EventRelay.errorEvent(provider, event);
        switch (type) {
            case "message_start" -> {
                tokens.update(event.path("message").path("usage"));
                out.upstreamId(event.path("message").path("id").asText(null));
            }
            case "content_block_start" -> blockStart(event.path("index").asInt(-1), event.path("content_block"));
            case "content_block_delta" -> blockDelta(event.path("index").asInt(-1), event.path("delta"));
            case "content_block_stop" -> out.thinkingEnd(event.path("index").asInt(-1)); // a thinking block goes out signed
            case "message_delta" -> {
                JsonNode reason = event.path("delta").path("stop_reason");
                if (reason.isTextual()) stopReason = reason.asText();
                tokens.update(event.path("usage"));
            }
            case "message_stop" -> result = out.finish(StopReasons.finish(stopReason, toolCalls > 0), tokens.usage());
            default -> { } // ping, and event types added later
        }
    }

    private void blockStart(int index, JsonNode block) throws IOException {
        switch (block.path("type").asText()) {
            case "text" -> {
                if (!rewrite) out.text(block.path("text").asText(""));
            }
            case "tool_use" -> {
                String name = block.path("name").asText();
                if (rewrite && StructuredOutputTool.NAME.equals(name)) {
                    if (structuredBlock == null) {
                        structuredBlock = index;
                        out.text(initialInput(block));
                    }
                } else {
                    int ordinal = toolCalls++;
                    toolCallByBlock.put(index, ordinal);
                    out.toolCallStart(ordinal, block.path("id").asText(), name, initialInput(block));
                }
            }
            case "thinking" -> {
                out.thinkingText(index, block.path("thinking").asText(""));
                out.thinkingSignature(index, block.path("signature").asText(""));
            }
            case "redacted_thinking" -> out.thinkingBlock(ThinkingBlock.redacted(block.path("data").asText("")));
            default -> { } // server-tool blocks have no OpenAI counterpart
        }
    }

    private void blockDelta(int index, JsonNode delta) throws IOException {
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                if (!rewrite) out.text(delta.path("text").asText(""));
            }
            case "input_json_delta" -> {
                String json = delta.path("partial_json").asText("");
                if (structuredBlock != null && structuredBlock == index) {
                    out.text(json);
                } else {
                    Integer ordinal = toolCallByBlock.get(index);
                    if (ordinal != null) out.toolCallArguments(ordinal, json);
                }
            }
            case "thinking_delta" -> out.thinkingText(index, delta.path("thinking").asText(""));
            case "signature_delta" -> out.thinkingSignature(index, delta.path("signature").asText(""));
            default -> { } // citation deltas
        }
    }

    /** A streamed tool_use starts with {@code "input": {}} and sends the arguments as deltas. */
    private static String initialInput(JsonNode block) {
        JsonNode input = block.path("input");
        return input.isObject() && !input.isEmpty() ? input.toString() : "";
    }

    @Override
    public StreamResult finish() {
        return StreamEnd.require(result, result != null, provider);
    }
}
