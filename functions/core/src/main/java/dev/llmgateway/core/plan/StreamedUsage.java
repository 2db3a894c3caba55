package dev.llmgateway.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The usage of a stream that ended before the upstream reported any (client gone, upstream error,
 * idle cut), counted from what reached the client, so it is billed for what it generated. If a
 * chunk carried usage, that is the upstream's count and is used as is. Otherwise the streamed text
 * (content, reasoning, tool names and arguments) and the prompt are counted with OpenAI's
 * {@code o200k_base} tokenizer for the models that use it ({@link OpenAiTokenizer}); for other
 * models with an estimate of one token per 4 UTF-8 bytes of each piece of text, rounded up (English
 * text runs at about 4 bytes per token). The prompt adds the chat format's tokens and
 * {@code tokensPerImage} per image, as {@link Estimate#tokenized} counts them. The result is marked
 * {@link Usage#estimated()}.
 */
public final class StreamedUsage {
    static final int BYTES_PER_TOKEN = 4;

    private StreamedUsage() {}

    /** @param chunks the OpenAI chunk JSON objects sent to the client, in order */
    public static Usage count(ChatRequest request, String model, List<byte[]> chunks, int tokensPerImage) {
        StringBuilder generated = new StringBuilder();
        for (byte[] chunk : chunks) {
            JsonNode node;
            try {
                node = Json.tree(chunk);
            } catch (Exception e) {
                continue; // not a chunk object (cannot happen for chunks the gateway wrote)
            }
            Usage reported = Usage.fromOpenAi(node.get("usage"));
            if (reported != null && reported.totalTokens() > 0) return reported;
            for (JsonNode choice : node.path("choices")) {
                JsonNode delta = choice.path("delta");
                generated.append(delta.path("content").asText("")).append(delta.path("reasoning_content").asText(""));
                for (JsonNode call : delta.path("tool_calls")) {
                    generated.append(call.path("function").path("name").asText("")).append(call.path("function").path("arguments").asText(""));
                }
            }
        }
        ToLongFunction<String> tokenizer = OpenAiTokenizer.counts(model) ? OpenAiTokenizer::count : StreamedUsage::estimate;
        long prompt = Estimate.tokenized(request, new Estimate.Settings(1, tokensPerImage, 0), tokenizer).promptTokens();
        return Usage.builder().input((int) Math.min(Integer.MAX_VALUE, prompt))
                .output((int) Math.min(Integer.MAX_VALUE, tokenizer.applyAsLong(generated.toString()))).estimated(true).build();
    }

    /** One token per {@value #BYTES_PER_TOKEN} UTF-8 bytes, rounded up. */
    static long estimate(String text) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }
}
