package dev.llmgateway.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, or {@code PROMETHEUS_BIN}) on a free
 * loopback port with a temporary TSDB and the remote-write receiver on. When no binary is found,
 * {@link #installed()} (a JUnit condition) says so loudly and the tests show as skipped, never as passed.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path dir;
    private final int port;

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static final String MISSING = "no Prometheus server binary (looked at $PROMETHEUS_BIN, /usr/bin/prometheus "
            + "and $PATH): install Debian's package with 'apt-get install -y prometheus' (.ci/run does) to run this test";

    /** For {@code @EnabledIf}: true when a server binary exists; prints why not otherwise. */
    public static boolean installed() {
        if (binary() != null) return true;
        System.err.println("\n*** SKIPPED: " + MISSING + " ***\n");
        return false;
    }

    public static PrometheusServer start() throws Exception {
        Path binary = binary();
        Assumptions.assumeTrue(binary != null, MISSING);
        Path dir = Files.createTempDirectory("prometheus-test");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                receiverFlag(binary))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, dir, port);
        server.awaitReady();
        return server;
    }

    private static Path binary() {
        String configured = System.getenv("PROMETHEUS_BIN");
        if (configured != null) return Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null; // authoritative
        if (Files.isExecutable(Path.of("/usr/bin/prometheus"))) return Path.of("/usr/bin/prometheus");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "prometheus");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** The receiver is a flag since 2.33 and only a feature flag before; ask the binary which it knows. */
    private static String receiverFlag(Path binary) throws Exception {
        Process help = new ProcessBuilder(binary.toString(), "--help").redirectErrorStream(true).start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        help.waitFor(30, TimeUnit.SECONDS);
        return text.contains("--web.enable-remote-write-receiver") ? "--web.enable-remote-write-receiver"
                : "--enable-feature=remote-write-receiver";
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("prometheus exited:\n" + log());
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus did not become ready:\n" + log());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String remoteWriteUrl() {
        return baseUrl() + "/api/v1/write";
    }

    /** An instant PromQL query over the HTTP API; returns {@code data.result}. */
    public List<JsonNode> query(String promql) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.tree(response.body());
        if (!"success".equals(body.path("status").asText())) throw new AssertionError(promql + " -> " + response.body());
        return Stream.of(body.at("/data/result")).flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false)).toList();
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
