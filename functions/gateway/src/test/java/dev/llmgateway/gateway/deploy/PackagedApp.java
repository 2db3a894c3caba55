package dev.llmgateway.gateway.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The packaged app unpacked in a task root, started as the Lambda Web Adapter's bootstrap starts it. */
final class PackagedApp {
    private PackagedApp() {}

    /**
     * {@code exec -- "${LAMBDA_TASK_ROOT}/${_HANDLER}"} in {@code taskRoot}, output to {@code log}, with
     * this JVM's java first on the PATH and no provider, AWS, proxy or JVM-option variable inherited.
     */
    static ProcessBuilder builder(Path taskRoot, Path log) {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", "exec -- \"${LAMBDA_TASK_ROOT}/${_HANDLER}\"")
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_") || k.startsWith("GEMINI_")
                || k.startsWith("BEDROCK_") || k.startsWith("AWS_") || k.startsWith("JAVA_TOOL_OPTIONS") || k.contains("PROXY"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", "run.sh");
        return builder;
    }

    /** The adapter's readiness check: GET /health until it answers 200. */
    static void awaitReady(Process app, int port, Duration limit, Path log) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!app.isAlive()) throw new AssertionError("the app exited: " + Files.readString(log));
                try {
                    HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) return;
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("not ready within " + limit + ": " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
