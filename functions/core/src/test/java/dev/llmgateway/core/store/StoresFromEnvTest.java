package dev.llmgateway.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.budget.Caps;
import dev.llmgateway.core.budget.Totals;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RoutesFile;
import dev.llmgateway.core.testing.Dynalite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresFromEnvTest {
    @Test
    void withNothingConfiguredTheStoresAreInMemory() {
        assertThat(Stores.fromEnv(Env.of(Map.of()), Clock.systemUTC()).description()).isEqualTo("in-memory");
    }

    @Test
    void aDynamoDbEndpointInLocalModeSelectsDynamoDbAndCreatesTheTables() {
        Dynalite dynalite = Dynalite.get();
        Map<String, String> vars = new HashMap<>(Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint(), "AWS_REGION", "us-east-1"));
        String suffix = Long.toString(System.nanoTime());
        vars.put("ROUTES_TABLE", "r" + suffix);
        vars.put("API_KEYS_TABLE", "k" + suffix);
        vars.put("USAGE_TABLE", "u" + suffix);
        Stores stores = Stores.fromEnv(Env.of(vars), Clock.systemUTC());
        assertThat(stores.description()).startsWith("DynamoDB").contains("r" + suffix);
        assertThat(stores.usage().reserve("x", new Totals(1, 0, 0), new Caps(1L, null), Long.MAX_VALUE / 2)).isPresent();
        assertThat(stores.routes().list()).isEmpty();
    }

    @Test
    void theExampleRoutesFileIsValid() {
        Path example = Path.of("../../infra/routes.example.json");
        List<Route> routes = RoutesFile.read(example);
        assertThat(routes).extracting(Route::model).contains("chat-default", "chat-cheap", "chat-fast", "chat-split", "local");
    }

    @Test
    void moneyIsWrittenAsPlainNumbers() {
        var node = dev.llmgateway.core.json.Json.MAPPER.valueToTree(new dev.llmgateway.core.tenant.Tenant("a", "a",
                dev.llmgateway.core.budget.Budget.parse(dev.llmgateway.core.json.Json.tree("{\"usd_per_month\":50}"))));
        assertThat(dev.llmgateway.core.json.Json.string(node)).contains("\"usd_per_month\":50").doesNotContain("E+");
    }

    @Test
    void routesMayBeGivenAsYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, """
                routes:
                  - model: chat-default
                    strategy: round-robin
                    targets:
                      - { provider: openai, model: gpt-4o-mini }
                      - { provider: ollama, model: llama3.2, weight: 2 }
                """);
        Route route = RoutesFile.read(file).getFirst();
        assertThat(route.strategy().wireName()).isEqualTo("round-robin");
        assertThat(route.targets()).hasSize(2);
        assertThat(route.targets().get(1).weight()).isEqualTo(2);
    }
}
