package dev.llmgateway.bench;

import java.nio.charset.StandardCharsets;

/**
 * The request every benchmark sends: a typical chat turn (a system prompt, two earlier turns and a
 * question, about 1.3 KB), in the OpenAI schema the gateway accepts and in Ollama's native schema
 * for the direct baseline. Compact JSON, so the fake can spot {@code "stream":true} cheaply.
 */
public final class Requests {
    private static final String MESSAGES = """
            [{"role":"system","content":"You are a concise assistant for an online bookshop. Answer in at most three \
            sentences. If the customer asks about an order, ask for the order number first. Never invent prices, \
            stock levels or delivery dates; say you will check instead. Use plain language and no markdown."},\
            {"role":"user","content":"Hi, do you ship to Portugal?"},\
            {"role":"assistant","content":"Yes, we ship to Portugal. Standard delivery usually takes five to seven \
            working days, and express delivery two to three."},\
            {"role":"user","content":"Great. I ordered a hardback copy of a novel last week and it has not arrived \
            yet. The tracking page says it left the warehouse on Monday. What should I do, and can you tell me when \
            it will arrive?"}]""";

    private Requests() {}

    /** An OpenAI chat completion request for {@code model}; streams ask for the usage chunk too. */
    public static byte[] openAi(String model, boolean stream) {
        String tail = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}" : ",\"stream\":false}";
        return ("{\"model\":\"" + model + "\",\"messages\":" + MESSAGES + ",\"temperature\":0.2,\"max_tokens\":256,"
                + "\"user\":\"customer-4711\"" + tail).getBytes(StandardCharsets.UTF_8);
    }

    /** The same turn in Ollama's native {@code /api/chat} schema, as the gateway would translate it. */
    public static byte[] ollama(String model, boolean stream) {
        return ("{\"model\":\"" + model + "\",\"messages\":" + MESSAGES
                + ",\"options\":{\"temperature\":0.2,\"num_predict\":256},\"stream\":" + stream + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
