package dev.llmgateway.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback HTTP server standing in for a provider: it answers each path with a scripted
 * response in the provider's real wire format and records every request it received.
 */
public final class FakeUpstream implements AutoCloseable {
    /** A request as the fake received it; header names are lower-case. */
    public record Received(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the fake answers on a path. */
    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** The exchange attribute holding the request body, already read when a script runs. */
    public static final String BODY = "fake-upstream.body";

    private final HttpServer server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public FakeUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeUpstream on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        if (received.isEmpty()) throw new AssertionError("the fake upstream received no request");
        return received.getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.setAttribute(BODY, body); // for scripts that answer according to the request
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            Script script = scripts.get(exchange.getRequestURI().getPath());
            if (script == null) {
                json(404, "{\"error\":\"no script for " + exchange.getRequestURI().getPath() + "\"}").answer(exchange);
            } else {
                script.answer(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- scripts ----

    public static Script json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Script json(int status, String body, Map<String, String> headers) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /**
     * Streams {@code parts} with {@code gapMillis} between them and flushes each, as a provider does
     * while generating. Throws {@link IOException} if the reader goes away.
     */
    public static Script stream(String contentType, List<byte[]> parts, long gapMillis) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (byte[] part : parts) {
                out.write(part);
                out.flush();
                if (gapMillis > 0) TimeUnit.MILLISECONDS.sleep(gapMillis);
            }
        };
    }

    /**
     * Sends the first part, then holds the rest until {@code gate} opens (at most 10 s). A client
     * that opens the gate on receiving the first chunk proves, without timing thresholds, that the
     * path in between does not buffer: if it did, the gate would open only after the timeout.
     */
    public static Script gatedStream(String contentType, List<byte[]> parts, CountDownLatch gate,
                                     AtomicBoolean openedInTime) {
        return gatedStream(contentType, parts, 1, gate, openedInTime);
    }

    /** As above, holding after the first {@code before} parts (those up to the first that yields a chunk). */
    public static Script gatedStream(String contentType, List<byte[]> parts, int before, CountDownLatch gate,
                                     AtomicBoolean openedInTime) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < parts.size(); i++) {
                if (i == before) openedInTime.set(gate.await(10, TimeUnit.SECONDS));
                out.write(parts.get(i));
                out.flush();
            }
        };
    }

    /** Splits a recorded stream into its events (blank-line or newline separated) so they can be paced. */
    public static List<byte[]> events(String stream, String separator) {
        return java.util.Arrays.stream(stream.split("(?<=" + separator + ")"))
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Sends headers and then nothing, like a provider that stalls mid-stream. */
    public static Script stall(String contentType, String firstPart, long millis) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(firstPart.getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            TimeUnit.MILLISECONDS.sleep(millis);
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
