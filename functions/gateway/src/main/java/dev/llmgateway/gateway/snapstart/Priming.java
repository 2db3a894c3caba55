package dev.llmgateway.gateway.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatCompletion;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.spi.ChunkEmitter;
import dev.llmgateway.core.spi.Ids;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.stream.FrameDecoder;
import dev.llmgateway.core.stream.NdjsonDecoder;
import dev.llmgateway.core.stream.SseDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the request path once without reaching any provider, so the classes it loads and the code it
 * compiles are in the SnapStart snapshot: parse and validate a request, resolve models, build
 * every enabled HTTP provider's upstream request (the translation; nothing is sent), build and
 * serialise chunks and a completion, and decode SSE and NDJSON frames; then
 * {@link LoopbackPriming} sends two calls through the HTTP transport to a loopback server of its own.
 */
public final class Priming {
    /** What one run did, so a test can tell that priming covered the path. */
    public record Report(int providersPrimed, int upstreamRequestsBuilt, int chunksSerialised, int framesDecoded,
                         int loopbackCalls) {}

    /** A request touching most of the parser: system and tool turns, tools, a JSON schema, sampling, usage. */
    private static final String SAMPLE = """
            {"model":"%s","stream":%s,"stream_options":{"include_usage":true},
             "temperature":0.2,"top_p":0.9,"max_tokens":64,"stop":["END"],"seed":7,"user":"priming",
             "messages":[
               {"role":"system","content":"Answer in JSON."},
               {"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"{\\"celsius\\":21}"}],
             "tools":[{"type":"function","function":{"name":"weather","description":"Current weather",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":"auto",
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
               "schema":{"type":"object","properties":{"celsius":{"type":"number"}},"required":["celsius"],
               "additionalProperties":false}}}}
            """;

    private Priming() {}

    public static Report run(ModelResolver models) {
        int requests = 0;
        int providers = 0;
        for (ProviderRow row : Catalogue.ALL) {
            try {
                models.resolve(row.name() + "/priming"); // a disabled provider answers with a 404 error
            } catch (GatewayError e) {
                Json.bytes(e.envelope());
            }
        }
        for (Provider provider : models.providers()) {
            // provider.models() is not called: Ollama's list is fetched over the network.
            if (!(provider instanceof HttpProvider http)) continue;
            providers++;
            for (boolean stream : new boolean[] {false, true}) {
                ChatRequest request = ChatRequest.parse(sample(provider.name() + "/priming-model", stream));
                try {
                    http.translator().call(request, "priming-model", stream).request(); // builds, never sends
                    requests++;
                } catch (GatewayError e) {
                    Json.bytes(e.envelope()); // a field this provider rejects by name: the error path is primed instead
                }
            }
        }
        List<byte[]> chunks = chunks(ChatRequest.parse(sample("priming-model", true)));
        Json.bytes(new ChatCompletion(Ids.completion(), System.currentTimeMillis() / 1000, "priming-model",
                List.of(new ChatCompletion.Choice(0, new ChatCompletion.AssistantMessage("{\"celsius\":21}", List.of()),
                        FinishReason.STOP)), Usage.of(12, 5, 2)));
        int frames = decode(new SseDecoder(), chunks, "data: ", "\n\n") + decode(new NdjsonDecoder(), chunks, "", "\n");
        return new Report(providers, requests, chunks.size(), frames, LoopbackPriming.run(Priming::sample));
    }

    private static byte[] sample(String model, boolean stream) {
        return SAMPLE.formatted(model, stream).getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> chunks(ChatRequest request) {
        List<byte[]> chunks = new ArrayList<>();
        try {
            ChunkEmitter out = new ChunkEmitter(chunks::add, request, "priming-model");
            out.text("{\"celsius\":");
            out.toolCallStart(0, Ids.toolCall(), "weather", "{\"city\":");
            out.toolCallArguments(0, "\"Paris\"}");
            out.finish(FinishReason.TOOL_CALLS, Usage.of(12, 5, 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink is a list: cannot happen
        }
        return chunks;
    }

    /** Frames the chunks as an upstream would and decodes them again. */
    private static int decode(FrameDecoder decoder, List<byte[]> chunks, String prefix, String suffix) {
        int[] frames = {0};
        try {
            for (byte[] chunk : chunks) {
                byte[] framed = (prefix + new String(chunk, StandardCharsets.UTF_8) + suffix).getBytes(StandardCharsets.UTF_8);
                decoder.feed(framed, 0, framed.length, frame -> {
                    JsonNode node = Json.tree(frame.data());
                    if (node.path("object").asText().equals("chat.completion.chunk")) frames[0]++;
                });
            }
            decoder.finish(frame -> frames[0]++);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames[0];
    }
}
