package dev.llmgateway.bench.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake's fixed answers, in the public wire shapes of OpenAI's chat completions (JSON and
 * {@code chat.completion.chunk} server-sent events) and Ollama's {@code /api/chat} (JSON and NDJSON).
 * A stream has {@link #CONTENT_CHUNKS} content deltas (system property {@code fake.chunks}).
 */
final class Answers {
    static final int CONTENT_CHUNKS = Integer.getInteger("fake.chunks", 20);
    static final byte[] STREAM_TRUE = bytes("\"stream\":true");

    private static final String[] TOKENS = {"Hello", "!", " The", " gateway", " forwards", " this", " answer", " one",
            " token", " at", " a", " time", ",", " as", " a", " real", " model", " would", " stream", " it", "."};

    static final String TEXT = text();

    static final byte[] OPENAI_JSON = bytes("""
            {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,\
            "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"%s",\
            "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":412,\
            "completion_tokens":%d,"total_tokens":%d,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
            "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_06737a9306"}"""
            .formatted(TEXT, CONTENT_CHUNKS, 412 + CONTENT_CHUNKS));

    static final List<byte[]> OPENAI_SSE = openAiSse();

    static final byte[] OLLAMA_JSON = bytes("""
            {"model":"llama3.2","created_at":"2025-03-10T12:31:23.416799Z","message":{"role":"assistant","content":"%s"},\
            "done":true,"done_reason":"stop","total_duration":5191566416,"load_duration":2154458,"prompt_eval_count":412,\
            "prompt_eval_duration":383809000,"eval_count":%d,"eval_duration":4799921000}"""
            .formatted(TEXT, CONTENT_CHUNKS));

    static final List<byte[]> OLLAMA_NDJSON = ollamaNdjson();

    static final byte[] OLLAMA_TAGS = bytes("""
            {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189}]}""");

    private Answers() {}

    private static String token(int i) {
        return TOKENS[i % TOKENS.length];
    }

    private static String text() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < CONTENT_CHUNKS; i++) text.append(token(i));
        return text.toString();
    }

    private static List<byte[]> openAiSse() {
        String head = "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":";
        List<byte[]> events = new ArrayList<>();
        events.add(bytes(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"));
        for (int i = 0; i < CONTENT_CHUNKS; i++) {
            events.add(bytes(head + "[{\"index\":0,\"delta\":{\"content\":\"" + token(i) + "\"},\"logprobs\":null,"
                    + "\"finish_reason\":null}],\"usage\":null}\n\n"));
        }
        events.add(bytes(head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"));
        events.add(bytes(head + "[],\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":" + CONTENT_CHUNKS
                + ",\"total_tokens\":" + (412 + CONTENT_CHUNKS) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,"
                + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n"));
        events.add(bytes("data: [DONE]\n\n"));
        return List.copyOf(events);
    }

    private static List<byte[]> ollamaNdjson() {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < CONTENT_CHUNKS; i++) {
            lines.add(bytes("{\"model\":\"llama3.2\",\"created_at\":\"2025-03-10T12:31:23.416799Z\",\"message\":"
                    + "{\"role\":\"assistant\",\"content\":\"" + token(i) + "\"},\"done\":false}\n"));
        }
        lines.add(bytes("{\"model\":\"llama3.2\",\"created_at\":\"2025-03-10T12:31:23.416799Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":"
                + "5191566416,\"load_duration\":2154458,\"prompt_eval_count\":412,\"prompt_eval_duration\":383809000,"
                + "\"eval_count\":" + CONTENT_CHUNKS + ",\"eval_duration\":4799921000}\n"));
        return List.copyOf(lines);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
