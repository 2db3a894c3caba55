package dev.llmgateway.bench.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fast loopback stand-in for OpenAI ({@code POST /v1/chat/completions}, JSON or SSE) and Ollama
 * ({@code POST /api/chat}, JSON or NDJSON). Every answer is fixed and pre-encoded, so the fake costs
 * the same few microseconds whether the benchmark calls it directly or through the gateway; what
 * the gateway adds is the difference.
 *
 * <p>Usage: {@code FakeProvider PORT [THREADS]}. Start it with {@code -Dsun.net.httpserver.nodelay=true}
 * (run.sh does): without TCP_NODELAY, small streamed writes wait on delayed ACKs.
 *
 * <p>{@code -Dfake.intervalMs=N} paces streams as a model generates them: N ms before each event after the
 * first, so a stream lasts about {@code events x N} ms and many are open at once (run.sh --capacity). Paced
 * streams each get a virtual thread, so the fake itself never limits how many are open.
 */
public final class FakeProvider {
    static final long INTERVAL_MS = Long.getLong("fake.intervalMs", 0);

    private final HttpServer server;
    private final ExecutorService pool;

    public FakeProvider(int port, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        pool = INTERVAL_MS > 0 ? Executors.newVirtualThreadPerTaskExecutor() : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fake-upstream");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, Answers.OPENAI_JSON, Answers.OPENAI_SSE,
                "text/event-stream"));
        server.createContext("/api/chat", exchange -> answer(exchange, Answers.OLLAMA_JSON, Answers.OLLAMA_NDJSON,
                "application/x-ndjson"));
        server.createContext("/api/tags", exchange -> send(exchange, 200, Answers.OLLAMA_TAGS));
        server.createContext("/health", exchange -> send(exchange, 200, "{\"status\":\"ok\"}".getBytes()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private static void answer(HttpExchange exchange, byte[] json, List<byte[]> events, String streamType) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, "{\"error\":\"POST only\"}".getBytes());
                return;
            }
            if (!isStream(exchange.getRequestBody())) {
                send(exchange, 200, json);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", streamType);
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream out = exchange.getResponseBody();
            boolean first = true;
            for (byte[] event : events) {
                if (!first) pace();
                first = false;
                out.write(event);
                out.flush(); // one HTTP chunk per event, as a real provider sends them
            }
            out.close();
        }
    }

    private static void pace() throws IOException {
        if (INTERVAL_MS == 0) return;
        try {
            Thread.sleep(INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Reads the whole body and looks for {@code "stream":true} (every client here writes compact JSON). */
    private static boolean isStream(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        byte[] needle = Answers.STREAM_TRUE;
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        FakeProvider fake = new FakeProvider(port, threads);
        System.out.println("fake upstream listening on 127.0.0.1:" + fake.port() + " with " + threads + " threads, "
                + Answers.CONTENT_CHUNKS + " content chunks per stream"
                + (INTERVAL_MS > 0 ? ", " + INTERVAL_MS + " ms apart" : ""));
    }
}
