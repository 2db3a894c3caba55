package dev.llmgateway.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The usage of a stream that ended before the upstream reported any (client gone, upstream error,
 * idle cut), counted from what reached the client, so it is billed for what it generated. If a
 * chunk carried usage, that is the upstream's count and is used as is. Otherwise the streamed text
 * (content, reasoning, tool names and arguments) and the prompt are counted with OpenAI's
 * tokenizer for OpenAI models ({@code o200k_base} for gpt-4o, gpt-4.1, gpt-5 and the o-series,
 * {@code cl100k_base} for gpt-4 and gpt-3.5); for other models with an estimate of one token per
 * 4 UTF-8 bytes, rounded up (English text runs at about 4 bytes per token). The prompt adds 4
 * tokens per message for the chat format and {@code tokensPerImage} per image, as {@link Estimate}
 * does. The result is marked {@link Usage#estimated()}.
 */
public final class StreamedUsage {
    static final int BYTES_PER_TOKEN = 4;
    private static final EncodingRegistry TOKENIZERS = Encodings.newLazyEncodingRegistry();

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
        int prompt = tokens(model, Estimate.promptText(request)) + 4 * request.messages().size()
                + (int) Estimate.images(request) * tokensPerImage;
        return Usage.builder().input(prompt).output(tokens(model, generated.toString())).estimated(true).build();
    }

    static int tokens(String model, String text) {
        EncodingType encoding = openAiEncoding(model);
        if (encoding != null) return TOKENIZERS.getEncoding(encoding).countTokensOrdinary(text);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }

    /** OpenAI's tokenizer of a model, or null for a model that is not OpenAI's. */
    static EncodingType openAiEncoding(String model) {
        String m = model.startsWith("openai/") ? model.substring("openai/".length()) : model;
        if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5") || m.startsWith("chatgpt-4o")
                || m.matches("o\\d.*")) {
            return EncodingType.O200K_BASE;
        }
        if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5")) return EncodingType.CL100K_BASE;
        return null;
    }
}
