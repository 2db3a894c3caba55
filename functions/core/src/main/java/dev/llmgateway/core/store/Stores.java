package dev.llmgateway.core.store;

import dev.llmgateway.core.budget.InMemoryUsageStore;
import dev.llmgateway.core.budget.UsageStore;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.guardrail.InMemoryPolicyStore;
import dev.llmgateway.core.guardrail.PolicyStore;
import dev.llmgateway.core.ledger.InMemoryUsageLedger;
import dev.llmgateway.core.ledger.UsageLedger;
import dev.llmgateway.core.limit.InMemoryLimitStore;
import dev.llmgateway.core.limit.LimitStore;
import dev.llmgateway.core.routing.InMemoryRouteStore;
import dev.llmgateway.core.routing.RouteStore;
import dev.llmgateway.core.tenant.InMemoryTenantStore;
import dev.llmgateway.core.tenant.TenantStore;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The stores (rate-limit counters and the usage ledger share the usage table; guardrail policies the
 * tenants and keys table), chosen once from the environment: DynamoDB when a DynamoDB endpoint
 * ({@code DYNAMODB_ENDPOINT} or {@code AWS_ENDPOINT_URL_DYNAMODB}) or a table name
 * ({@code ROUTES_TABLE}, {@code API_KEYS_TABLE}, {@code USAGE_TABLE}) is configured, else memory,
 * so the gateway runs locally with nothing installed.
 */
public record Stores(RouteStore routes, TenantStore tenants, UsageStore usage, LimitStore limits, UsageLedger ledger,
                     PolicyStore guardrails, String description) {
    public static final String DEFAULT_ROUTES_TABLE = "llm-gateway-routes";
    public static final String DEFAULT_API_KEYS_TABLE = "llm-gateway-api-keys";
    public static final String DEFAULT_USAGE_TABLE = "llm-gateway-usage";

    public static Stores inMemory(Clock clock) {
        return new Stores(new InMemoryRouteStore(), new InMemoryTenantStore(), new InMemoryUsageStore(clock), new InMemoryLimitStore(),
                new InMemoryUsageLedger(), new InMemoryPolicyStore(), "in-memory");
    }

    public static Stores fromEnv(Env env, Clock clock) {
        String endpoint = endpoint(env);
        boolean tablesNamed = env.get("ROUTES_TABLE") != null || env.get("API_KEYS_TABLE") != null || env.get("USAGE_TABLE") != null;
        if (endpoint == null && !tablesNamed) return inMemory(clock);
        DynamoTables tables = new DynamoTables(
                env.get("ROUTES_TABLE", DEFAULT_ROUTES_TABLE),
                env.get("API_KEYS_TABLE", DEFAULT_API_KEYS_TABLE),
                env.get("USAGE_TABLE", DEFAULT_USAGE_TABLE));
        DynamoDbClient client = client(env);
        // Against a local endpoint the tables are created on start; deployed, the template owns them.
        if (env.flag("DYNAMODB_CREATE_TABLES", endpoint != null && env.localMode())) tables.createIfMissing(client);
        return dynamo(client, tables, clock, "DynamoDB" + (endpoint == null ? "" : " at " + endpoint) + " (tables "
                + tables.routes() + ", " + tables.apiKeys() + ", " + tables.usage() + ")");
    }

    public static Stores dynamo(DynamoDbClient client, DynamoTables tables, Clock clock, String description) {
        return new Stores(new DynamoRouteStore(client, tables.routes()), new DynamoTenantStore(client, tables.apiKeys()),
                new DynamoUsageStore(client, tables.usage(), clock), new DynamoLimitStore(client, tables.usage()),
                new DynamoUsageLedger(client, tables.usage()), new DynamoPolicyStore(client, tables.routes()), description);
    }

    /**
     * A synchronous client on the JDK's HTTP stack. Against an endpoint override without AWS
     * credentials in the environment (a local DynamoDB-compatible server) it signs with dummy ones.
     */
    public static DynamoDbClient client(Env env) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = endpoint(env);
        String region = env.get("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
            if (region == null) region = "us-east-1";
            if (env.get("AWS_ACCESS_KEY_ID") == null && env.get("AWS_PROFILE") == null) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
            }
        }
        if (region != null) builder.region(Region.of(region));
        return builder.build();
    }

    private static String endpoint(Env env) {
        return env.get("DYNAMODB_ENDPOINT", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
    }
}
