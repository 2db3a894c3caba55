import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak test: the packaged gateway under mixed buffered and streamed traffic for a set time, against a
 * loopback OpenAI-protocol upstream that injects random faults (500, 429, an unparseable 200, a
 * stream cut off mid-way, a slow answer). Samples the gateway's RSS, thread count and upstream
 * connections, and at the end compares its request metrics with what the driver sent.
 *
 * <p>Usage: {@code java Soak.java GATEWAY_JAR SECONDS CONCURRENCY OUT.md} (benchmarks/soak.sh runs it).
 * Single file, JDK only, so it runs without the benchmark module's build.
 */
public final class Soak {
    enum Fault { NONE, SERVER_ERROR, RATE_LIMITED, UNPARSEABLE, CUT_STREAM, SLOW }

    static final Map<Fault, AtomicLong> injected = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);

        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        fake.setExecutor(Executors.newCachedThreadPool());
        fake.createContext("/v1/chat/completions", Soak::answer);
        fake.start();
        int fakePort = fake.getAddress().getPort();
        int gatewayPort;
        try (ServerSocket s = new ServerSocket(0)) {
            gatewayPort = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString());
        pb.environment().put("SERVER_PORT", Integer.toString(gatewayPort));
        pb.environment().put("OPENAI_API_KEY", "sk-soak");
        pb.environment().put("OPENAI_BASE_URL", "http://127.0.0.1:" + fakePort + "/v1");
        pb.environment().put("UPSTREAM_TIMEOUT_MS", "5000");
        pb.environment().put("UPSTREAM_STREAM_IDLE_TIMEOUT_MS", "5000");
        pb.redirectErrorStream(true).redirectOutput(out.resolveSibling("gateway.log").toFile());
        Process gateway = pb.start();
        long pid = gateway.pid();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + gatewayPort;
        try {
            waitReady(client, base);
            List<String> samples = new ArrayList<>();
            samples.add(sample("start (idle)", pid, fakePort));
            AtomicLong sent = new AtomicLong();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<Thread> drivers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                drivers.add(Thread.ofPlatform().name("driver-" + i).start(() -> drive(client, base, end, sent)));
            }
            long interval = Math.max(5, seconds / 10);
            long started = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(Duration.ofSeconds(interval));
                samples.add(sample("t+" + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s", pid, fakePort));
            }
            for (Thread t : drivers) t.join();
            samples.add(sample("traffic stopped", pid, fakePort));
            Thread.sleep(Duration.ofSeconds(40)); // past the upstream client's idle keep-alive
            samples.add(sample("40 s idle", pid, fakePort));
            String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Files.writeString(out, report(seconds, concurrency, sent.get(), samples, metrics));
            System.out.print(Files.readString(out));
        } finally {
            gateway.destroy();
            fake.stop(0);
        }
        System.exit(0);
    }

    static void drive(HttpClient client, String base, long end, AtomicLong sent) {
        while (System.nanoTime() < end) {
            boolean stream = ThreadLocalRandom.current().nextBoolean();
            String body = "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"soak " + ThreadLocalRandom.current().nextInt() + "\"}]}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            sent.incrementAndGet();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                String kind = (stream ? "stream " : "buffered ") + r.statusCode()
                        + (stream && r.statusCode() == 200 && !r.body().contains("[DONE]") ? " (ended by an error event)" : "");
                seen.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            } catch (IOException | InterruptedException e) {
                seen.computeIfAbsent("client exception " + e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean stream = request.contains("\"stream\":true");
            int roll = ThreadLocalRandom.current().nextInt(100);
            Fault fault = roll < 70 ? Fault.NONE : roll < 78 ? Fault.SERVER_ERROR : roll < 85 ? Fault.RATE_LIMITED
                    : roll < 90 ? Fault.UNPARSEABLE : roll < 95 ? (stream ? Fault.CUT_STREAM : Fault.SERVER_ERROR) : Fault.SLOW;
            injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
            switch (fault) {
                case SERVER_ERROR -> send(exchange, 500, "application/json", "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
                case RATE_LIMITED -> {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    send(exchange, 429, "application/json", "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
                }
                case UNPARSEABLE -> send(exchange, 200, stream ? "text/event-stream" : "application/json", stream ? "data: {\"id\":\n\n" : "{\"id\":\"chatcmpl-1\",\"choices\":[");
                case CUT_STREAM -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream o = exchange.getResponseBody();
                    o.write(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null).getBytes(StandardCharsets.UTF_8));
                    o.flush(); // then the connection closes without [DONE]
                }
                case SLOW -> {
                    sleep(300);
                    ok(exchange, stream);
                }
                case NONE -> ok(exchange, stream);
            }
        }
    }

    static void ok(HttpExchange exchange, boolean stream) throws IOException {
        if (!stream) {
            send(exchange, 200, "application/json", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream o = exchange.getResponseBody();
        for (String piece : List.of(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null), chunk("{\"content\":\"lo\"}", null),
                chunk("{}", "\"stop\""), "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n", "data: [DONE]\n\n")) {
            o.write(piece.getBytes(StandardCharsets.UTF_8));
            o.flush();
        }
    }

    static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitReady(HttpClient client, String base) throws Exception {
        for (int i = 0; i < 240; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("gateway did not start");
    }

    /** RSS and threads from /proc; upstream connections: established TCP sockets to the fake's port. */
    static String sample(String label, long pid, int fakePort) throws IOException {
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long rssKb = field(status, "VmRSS");
        long threads = field(status, "Threads");
        String portHex = String.format(":%04X ", fakePort);
        long connections = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) continue;
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[2] + " ").endsWith(portHex) && f[3].equals("01")) connections++;
            }
        }
        return String.format("| %s | %d | %d | %d |", label, rssKb / 1024, threads, connections);
    }

    static long field(String status, String name) {
        Matcher m = Pattern.compile("^" + name + ":\\s+(\\d+)", Pattern.MULTILINE).matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String report(long seconds, int concurrency, long sent, List<String> samples, String metrics) {
        Map<String, Double> byStatus = new TreeMap<>();
        double total = 0;
        Matcher m = Pattern.compile("^gateway_requests_total\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE).matcher(metrics);
        while (m.find()) {
            Matcher s = Pattern.compile("status=\"(\\d+)\"").matcher(m.group(1));
            String status = s.find() ? s.group(1) : "?";
            double v = Double.parseDouble(m.group(2));
            byStatus.merge(status, v, Double::sum);
            total += v;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Soak run ").append(Instant.now()).append("\n\n");
        sb.append("- duration: ").append(seconds).append(" s, concurrency ").append(concurrency).append(", half streamed, half buffered\n");
        sb.append("- requests sent by the driver: ").append(sent).append("\n");
        sb.append("- faults injected by the upstream: ").append(new TreeMap<>(injected)).append("\n");
        sb.append("- what the driver saw: ").append(new TreeMap<>(seen)).append("\n");
        sb.append("- gateway_requests_total: ").append((long) total).append(" (by status ").append(byStatus).append(")")
                .append((long) total == sent ? " = requests sent\n" : " != requests sent " + sent + "\n");
        sb.append("\n| when | RSS MiB | threads | connections to the upstream |\n| --- | --- | --- | --- |\n");
        samples.forEach(s -> sb.append(s).append('\n'));
        return sb.toString();
    }
}
