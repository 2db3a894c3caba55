package dev.llmgateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Builds AWS event-stream frames ({@code application/vnd.amazon.eventstream}) with the SDK's own
 * encoder, as Bedrock's ConverseStream sends them. A recorded stream is JSON lines, one frame each:
 * {@code {"event":"contentBlockDelta","payload":{...}}} for an event, or
 * {@code {"exception":"throttlingException","payload":{"message":"..."}}} for an exception frame.
 */
public final class EventStreamFrames {
    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private EventStreamFrames() {}

    public static List<byte[]> fromJsonLines(String jsonl) {
        List<byte[]> frames = new ArrayList<>();
        for (String line : jsonl.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode spec = Json.tree(line);
            String payload = spec.path("payload").toString();
            frames.add(spec.has("exception")
                    ? exception(spec.path("exception").asText(), payload)
                    : event(spec.path("event").asText(), payload));
        }
        return frames;
    }

    /**
     * Anthropic's SSE stream as InvokeModelWithResponseStream sends Claude's answer on Bedrock: one
     * {@code chunk} frame per event, the event's JSON base64-encoded in {@code bytes}.
     */
    public static List<byte[]> chunksOf(String sse) {
        List<byte[]> frames = new ArrayList<>();
        for (String event : sse.strip().split("\n\n")) {
            String data = event.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring("data: ".length());
            String bytes = java.util.Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8));
            frames.add(event("chunk", "{\"bytes\":\"" + bytes + "\"}"));
        }
        return frames;
    }

    public static byte[] event(String type, String payloadJson) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(headers, payloadJson);
    }

    public static byte[] exception(String type, String payloadJson) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return encode(headers, payloadJson);
    }

    /** All frames as one byte array, e.g. to re-split at arbitrary offsets. */
    public static byte[] concat(List<byte[]> frames) {
        int size = frames.stream().mapToInt(f -> f.length).sum();
        ByteBuffer all = ByteBuffer.allocate(size);
        frames.forEach(all::put);
        return all.array();
    }

    /** Cuts {@code bytes} into pieces of {@code size} bytes, ignoring frame boundaries. */
    public static List<byte[]> pieces(byte[] bytes, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += size) {
            out.add(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size)));
        }
        return out;
    }

    private static byte[] encode(Map<String, HeaderValue> headers, String payloadJson) {
        ByteBuffer buffer = new Message(headers, payloadJson.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
