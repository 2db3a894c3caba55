package dev.llmgateway.gateway.snapstart;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.HttpProvider;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.spi.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * One buffered and one streamed call through {@link HttpProvider} and the JDK HttpClient to a
 * throwaway server on this process's loopback: without it, the first real call after a restore
 * still loads the client's whole exchange machinery (about 170 classes). It uses a client of its
 * own, closed afterwards, so the gateway's client holds no connection in the snapshot, and no
 * provider is contacted. Ollama's wire format (no auth, NDJSON) is the simplest to answer.
 */
final class LoopbackPriming {
    private static final String ANSWER = "{\"model\":\"priming-model\",\"created_at\":\"2025-01-01T00:00:00Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"done\":true,\"done_reason\":\"stop\","
            + "\"prompt_eval_count\":3,\"eval_count\":1}";
    private static final String STREAM = """
            {"model":"priming-model","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"o"},"done":false}
            {"model":"priming-model","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"k"},"done":false}
            """ + ANSWER.replace("\"content\":\"ok\"", "\"content\":\"\"") + "\n";

    private LoopbackPriming() {}

    /** Returns how many of the two calls succeeded; never throws (priming must not stop a start). */
    static int run(BiFunction<String, Boolean, byte[]> sample) {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
             ExecutorService serving = Executors.newVirtualThreadPerTaskExecutor()) {
            server.setSoTimeout(10_000);
            Future<?> answers = serving.submit(() -> answer(server, 2));
            Env env = Env.of(Map.of("OLLAMA_ENABLED", "true", "GATEWAY_MODE", "deployed",
                    "OLLAMA_BASE_URL", "http://127.0.0.1:" + server.getLocalPort(),
                    "UPSTREAM_TIMEOUT_MS", "10000", "UPSTREAM_STREAM_IDLE_TIMEOUT_MS", "10000"));
            UpstreamHttp http = UpstreamHttp.fromEnv(env);
            int calls = 0;
            try {
                Provider provider = Catalogue.OLLAMA_NATIVE.create(env, http);
                provider.complete(ChatRequest.parse(sample.apply("ollama/priming-model", false)), "priming-model");
                calls++;
                List<byte[]> chunks = new ArrayList<>();
                provider.stream(ChatRequest.parse(sample.apply("ollama/priming-model", true)), "priming-model", chunks::add);
                if (!chunks.isEmpty()) calls++;
            } finally {
                http.client().close();
                http.timer().shutdownNow();
            }
            answers.get(10, TimeUnit.SECONDS);
            return calls;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Answers {@code count} connections, one request each, with the canned answer the request asks for. */
    private static Void answer(ServerSocket server, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (Socket socket = server.accept()) {
                boolean stream = Json.tree(body(socket.getInputStream())).path("stream").asBoolean(false);
                byte[] answer = (stream ? STREAM : ANSWER).getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (stream ? "application/x-ndjson" : "application/json")
                        + "\r\nContent-Length: " + answer.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        }
        return null;
    }

    private static byte[] body(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("the request ended in its headers");
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
        }
        return in.readNBytes(length);
    }
}
