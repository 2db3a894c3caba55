package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.Ids;
import dev.llmgateway.core.spi.StopSequence;
import dev.llmgateway.core.spi.StreamEnd;
import dev.llmgateway.core.spi.StreamResult;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;

/**
 * Turns one ConverseStream's events into OpenAI chunks as they arrive. Text deltas become content;
 * a {@code toolUse} block start becomes a tool call's first delta and its input deltas its
 * arguments, numbered in the order the calls started (Converse numbers all content blocks, text
 * included). The finish chunk waits for the end of the stream, since usage comes in the
 * {@code metadata} event after {@code messageStop}; a stream that ends without {@code messageStop}
 * is an upstream failure, not a short answer.
 */
final class BedrockStream {
    private final String provider;
    private final ChunkEmitter out;
    private final boolean structuredOutput;
    /** Converse content block index to OpenAI tool_calls index. */
    private final Map<Integer, Integer> toolCallIndex = new HashMap<>();
    private final List<String> stops;
    private String stopReason;
    private StopSequence stopSequence;
    private Usage usage;

    BedrockStream(String provider, ChunkEmitter out, boolean structuredOutput, List<String> stops) {
        this.provider = provider;
        this.out = out;
        this.structuredOutput = structuredOutput;
        this.stops = stops;
    }

    void onEvent(ConverseStreamOutput event) throws IOException {
        switch (event) {
            case ContentBlockStartEvent e when e.start() != null && e.start().toolUse() != null -> toolStart(e);
            case ContentBlockDeltaEvent e when e.delta() != null -> delta(e.contentBlockIndex(), e.delta());
            case MessageStopEvent e -> {
                stopReason = e.stopReasonAsString() == null ? "" : e.stopReasonAsString();
                stopSequence = BedrockTranslator.stopSequence(stopReason, e.additionalModelResponseFields(), stops);
            }
            case ConverseStreamMetadataEvent e -> usage = BedrockTranslator.usage(e.usage());
            case ContentBlockStopEvent e -> out.thinkingEnd(e.contentBlockIndex()); // a reasoning block goes out signed
            default -> { } // messageStart carries nothing a chunk needs
        }
    }

    private void toolStart(ContentBlockStartEvent event) throws IOException {
        int index = toolCallIndex.size();
        toolCallIndex.put(event.contentBlockIndex(), index);
        if (structuredOutput) return; // the rewrite's input deltas become content; its call is not shown
        ToolUseBlockStart start = event.start().toolUse();
        out.toolCallStart(index, start.toolUseId() == null ? Ids.toolCall() : start.toolUseId(), start.name(), "");
    }

    private void delta(Integer block, ContentBlockDelta delta) throws IOException {
        if (delta.text() != null) {
            // With the rewrite the answer is the tool's input; text around a forced call is not JSON.
            if (!structuredOutput) out.text(delta.text());
        } else if (delta.toolUse() != null) {
            Integer index = toolCallIndex.get(block);
            if (index == null) {
                throw GatewayError.upstreamUnavailable(provider,
                        "sent tool input for content block " + block + ", which never started a tool call", null);
            }
            if (structuredOutput) {
                out.text(delta.toolUse().input());
            } else {
                out.toolCallArguments(index, delta.toolUse().input());
            }
        } else if (delta.reasoningContent() != null) {
            var reasoning = delta.reasoningContent();
            if (reasoning.text() != null) out.thinkingText(block, reasoning.text());
            if (reasoning.signature() != null) out.thinkingSignature(block, reasoning.signature());
            if (reasoning.redactedContent() != null) {
                out.thinkingBlock(ThinkingBlock.redacted(java.util.Base64.getEncoder().encodeToString(reasoning.redactedContent().asByteArrayUnsafe())));
            }
        }
        // citation deltas have no place in an OpenAI chat chunk
    }

    /** Called when the event stream completed: sends the finish (and usage) chunks. */
    StreamResult finish() throws IOException {
        StreamEnd.require(this, stopReason != null, provider); // no messageStop event
        return out.finish(BedrockTranslator.finishReason(stopReason, !toolCallIndex.isEmpty(), structuredOutput, provider), usage,
                stopSequence);
    }
}
