package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.store.DynamoLimitStore;
import dev.llmgateway.core.store.DynamoTables;
import dev.llmgateway.core.testing.Dynalite;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.MutableClock;
import dev.llmgateway.gateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Two gateways, each with its own Spring context, stores and caches (as two Lambda environments
 * have), sharing one DynamoDB (dynalite): a limit holds for both together, not for each.
 */
class SharedLimitE2eTest {
    static final FakeUpstream OPENAI = new FakeUpstream();
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-05T10:00:30Z"));
    static final String ADMIN_KEY = "admin-shared";
    static DynamoDbClient client;
    static DynamoTables tables;
    static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @BeforeAll
    static void start() {
        Dynalite dynalite = Dynalite.get();
        client = dynalite.client();
        tables = dynalite.freshTables(client);
        OPENAI.on(TenantE2eTest.OPENAI_PATH, TenantE2eTest.echoModel());
        for (int i = 0; i < 2; i++) {
            gateways.add(new SpringApplicationBuilder(GatewayApplication.class)
                    .initializers(c -> ((GenericApplicationContext) c).registerBean("testClock", Clock.class, () -> CLOCK, d -> d.setPrimary(true)))
                    .run("--server.port=0", "--DYNAMODB_ENDPOINT=" + dynalite.endpoint(), "--AWS_REGION=us-east-1",
                            "--ROUTES_TABLE=" + tables.routes(), "--API_KEYS_TABLE=" + tables.apiKeys(), "--USAGE_TABLE=" + tables.usage(),
                            "--OPENAI_API_KEY=sk-upstream-test", "--OPENAI_BASE_URL=" + OPENAI.baseUrl() + "/v1",
                            "--GATEWAY_AUTH=keys", "--ADMIN_API_KEY=" + ADMIN_KEY, "--CIRCUIT_FAILURE_THRESHOLD=1000"));
        }
    }

    @AfterAll
    static void stop() {
        gateways.forEach(ConfigurableApplicationContext::close);
    }

    static String url(int gateway, String path) {
        if (path.startsWith("/admin")) return AdminBeside.baseUrl(gateways.get(gateway)) + path;
        return "http://127.0.0.1:" + gateways.get(gateway).getEnvironment().getProperty("local.server.port") + path;
    }

    @Test
    void fiftyRequestsPerMinuteHoldForTwoGatewaysTogether() throws Exception {
        HttpClient admin = HttpClient.newHttpClient();
        admin.send(HttpRequest.newBuilder(URI.create(url(0, "/admin/tenants/shared"))).header("Authorization", "Bearer " + ADMIN_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"limits\":{\"requests_per_minute\":50}}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode created = Json.tree(admin.send(HttpRequest.newBuilder(URI.create(url(0, "/admin/tenants/shared/keys")))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String key = created.get("key").asText();

        List<HttpResponse<String>> responses;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient http = HttpClient.newBuilder().executor(threads).build();
            List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 200).mapToObj(i -> http.sendAsync(
                    HttpRequest.newBuilder(URI.create(url(i % 2, TenantE2eTest.OPENAI_PATH))).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(RateLimitE2eTest.body("gpt-4o", false))).build(),
                    HttpResponse.BodyHandlers.ofString())).toList();
            responses = sent.stream().map(CompletableFuture::join).toList();
        }

        // Admitted means past the limiter: on a loaded machine an admitted request can still fail at the
        // fake provider (a 5xx that carries the same headers), which says nothing about the limit.
        List<HttpResponse<String>> admitted = responses.stream().filter(r -> r.statusCode() != 429).toList();
        String statuses = responses.stream().collect(java.util.stream.Collectors.groupingBy(HttpResponse::statusCode,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
        assertThat(admitted).as("statuses %s", statuses).hasSize(50);
        assertThat(responses).filteredOn(r -> r.statusCode() == 429).hasSize(150)
                .allSatisfy(r -> assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).contains("0"));
        Set<String> remaining = new HashSet<>();
        admitted.forEach(r -> remaining.add(r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow()));
        assertThat(remaining).as("one count for both gateways").isEqualTo(new HashSet<>(IntStream.range(0, 50).mapToObj(Integer::toString).toList()));
        assertThat(new DynamoLimitStore(client, tables.usage()).get("tenant:shared").requests()).isEqualTo(50);
    }
}
