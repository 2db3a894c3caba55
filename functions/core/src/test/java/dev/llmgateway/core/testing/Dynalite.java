package dev.llmgateway.core.testing;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.store.DynamoTables;
import dev.llmgateway.core.store.Stores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite (an open-source implementation of the DynamoDB API on Node.js, installed by
 * {@code npm ci} in {@code tools/dynalite}) as a loopback process on a free port, in memory, one
 * per test JVM. It exits when the JVM does (its standard input closes). When Node.js or the package
 * is missing, tests that need it are skipped with a loud message, never passed silently; with
 * {@code DYNALITE_REQUIRED=true} (CI) they fail instead.
 */
public final class Dynalite {
    private static final Object LOCK = new Object();
    private static Dynalite instance;
    private static String unavailable;
    private static boolean announced;

    private final Process process;
    private final String endpoint;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.endpoint = "http://127.0.0.1:" + port;
    }

    /** The running server; skips (or, when required, fails) the calling test if it cannot run. */
    public static Dynalite get() {
        synchronized (LOCK) {
            if (instance == null && unavailable == null) {
                try {
                    instance = start();
                } catch (Exception e) {
                    unavailable = e.getMessage();
                }
            }
            if (instance != null) return instance;
        }
        String message = "DynamoDB store tests SKIPPED: dynalite cannot run (" + unavailable + "). "
                + "Install Node.js 20+ and run 'npm ci' in tools/dynalite (the CI script does both).";
        if (!announced) System.err.println("\n!!!!!!!!!! " + message + " !!!!!!!!!!\n");
        announced = true;
        if ("true".equalsIgnoreCase(System.getenv("DYNALITE_REQUIRED"))) throw new AssertionError(message);
        Assumptions.assumeTrue(false, message);
        throw new IllegalStateException("unreachable");
    }

    public String endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return Stores.client(env());
    }

    /** Env naming this server as the DynamoDB endpoint, with dummy credentials. */
    public Env env() {
        return Env.of(Map.of("DYNAMODB_ENDPOINT", endpoint, "AWS_REGION", "us-east-1"));
    }

    /** Three fresh tables with a unique prefix, so test classes never see each other's items. */
    public DynamoTables freshTables(DynamoDbClient client) {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        DynamoTables tables = new DynamoTables(prefix + "routes", prefix + "keys", prefix + "usage");
        tables.createIfMissing(client);
        return tables;
    }

    private static Dynalite start() throws IOException, InterruptedException {
        Path dir = toolDir();
        if (!Files.isDirectory(dir.resolve("node_modules/dynalite"))) {
            throw new IOException("dynalite is not installed in " + dir + " (run 'npm ci' there)");
        }
        Process process;
        try {
            process = new ProcessBuilder("node", "server.js").directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("'node' is not on the PATH: " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first;
        try {
            first = line.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("dynalite did not start within 30 s");
        }
        if (first == null || !first.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IOException("dynalite did not start: " + first);
        }
        Dynalite dynalite = new Dynalite(process, Integer.parseInt(first.substring("listening ".length()).trim()));
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        return dynalite;
    }

    /** tools/dynalite of this repository, found from the module the tests run in. */
    private static Path toolDir() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("tools/dynalite");
            if (Files.isRegularFile(candidate.resolve("server.js"))) return candidate;
        }
        throw new IOException("tools/dynalite not found above " + Path.of("").toAbsolutePath());
    }
}
