package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan behind "every variable the code reads is declared" finds each way the code reads one. */
class SourceScanTest {
    @Test
    void findsEveryLookupFormInMainSourcesOnly(@TempDir Path functions) throws IOException {
        Path main = Files.createDirectories(functions.resolve("newmodule/src/main/java/x"));
        Files.writeString(main.resolve("NewProvider.java"), """
                class NewProvider {
                    void build(Env env) {
                        String key = env.get("NEW_API_KEY");
                        String url = ProviderSpec.baseUrl(env, "NEW_BASE_URL", "https://example.com");
                        var models = ProviderSpec.models(env, "NEW_MODELS", java.util.List.of());
                        boolean on = env.flag("NEW_ENABLED", false);
                        long n = env.number("NEW_LIMIT", 3);
                        var t = env.millis("NEW_TIMEOUT_MS", java.time.Duration.ZERO);
                        String raw = System.getenv("NEW_RAW");
                        String header = headers.get("x-not-a-variable");
                    }
                }
                """);
        Files.createDirectories(functions.resolve("newmodule/src/main/resources"));
        Files.writeString(functions.resolve("newmodule/src/main/resources/application.properties"),
                "server.port=${NEW_PORT:8080}\nplain=value\n");
        Path test = Files.createDirectories(functions.resolve("newmodule/src/test/java/x"));
        Files.writeString(test.resolve("SomeTest.java"), "class SomeTest { Object v = env.get(\"TEST_ONLY_VAR\"); }");

        assertThat(SourceScan.environmentVariablesRead(functions)).containsExactlyInAnyOrder(
                "NEW_API_KEY", "NEW_BASE_URL", "NEW_MODELS", "NEW_ENABLED", "NEW_LIMIT", "NEW_TIMEOUT_MS",
                "NEW_RAW", "NEW_PORT");
    }
}
