package dev.llmgateway.bench.jmh;

import dev.llmgateway.bench.Requests;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.HttpTranslator;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the hot-path benchmarks need of one provider: its translator, built the way the gateway
 * builds it (from its {@link ProviderRow} and environment), the client request, and an upstream
 * answer and one streamed content event taken from the provider's golden fixtures.
 *
 * @param clientRequest the OpenAI-schema body a client sends (the same typical turn for every provider)
 * @param upstreamResponse a buffered upstream answer in the provider's wire format
 * @param streamRequest the parsed streaming request the stream translator is built for
 * @param streamEvent one complete upstream content-delta event, framing included (SSE event, NDJSON line, ...)
 * @param asciiStreamEvent the same event with every non-ASCII character replaced by 'x' (English-like text)
 */
public record ProviderCase(String name, HttpTranslator translator, String model, byte[] clientRequest,
                           byte[] upstreamResponse, ChatRequest streamRequest, byte[] streamEvent,
                           byte[] asciiStreamEvent) {

    /** How a fixture stream is cut into events: SSE at blank lines, NDJSON at newlines. */
    public enum Framing { SSE, NDJSON }

    private static final UpstreamHttp HTTP = UpstreamHttp.fromEnv(Env.of(Map.of()));

    /**
     * A case from the provider's catalogue row and golden fixtures: {@code fixtures/<fixtureDir>/plain/upstream-response.json}
     * and event {@code eventIndex} (0-based; pick a content delta) of {@code fixtures/<fixtureDir>/stream/upstream-stream.txt}.
     */
    public static ProviderCase of(ProviderRow row, Map<String, String> env, String clientModel, String upstreamModel,
                                  String fixtureDir, Framing framing, int eventIndex) {
        byte[] event = events(Fixtures.bytes(fixtureDir + "/stream/upstream-stream.txt"), framing).get(eventIndex);
        return of(row, env, clientModel, upstreamModel, Fixtures.bytes(fixtureDir + "/plain/upstream-response.json"),
                event, asciiFolded(event));
    }

    /** A case with explicit upstream bytes, for a provider whose stream is not line-framed (e.g. a binary event stream). */
    public static ProviderCase of(ProviderRow row, Map<String, String> env, String clientModel, String upstreamModel,
                                  byte[] upstreamResponse, byte[] streamEvent, byte[] asciiStreamEvent) {
        Provider provider = row.create(Env.of(env), HTTP);
        if (!(provider instanceof HttpProvider http)) {
            throw new IllegalStateException(row.name() + " is not enabled by " + env + " or is not an HTTP provider");
        }
        return new ProviderCase(row.name(), http.translator(), upstreamModel, Requests.openAi(clientModel, false),
                upstreamResponse, ChatRequest.parse(Requests.openAi(clientModel, true)), streamEvent, asciiStreamEvent);
    }

    /** Text-framed events only: non-ASCII characters occur only inside JSON strings, so 'x' keeps the JSON valid. */
    static byte[] asciiFolded(byte[] event) {
        StringBuilder out = new StringBuilder();
        new String(event, StandardCharsets.UTF_8).codePoints().forEach(c -> out.append(c < 128 ? (char) c : 'x'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Splits a fixture stream into its events, each with its terminator. */
    static List<byte[]> events(byte[] stream, Framing framing) {
        String text = new String(stream, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String separator = framing == Framing.SSE ? "\n\n" : "\n";
        List<byte[]> events = new ArrayList<>();
        for (String event : text.split(separator)) {
            if (!event.isBlank()) events.add((event.strip() + separator).getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }
}
