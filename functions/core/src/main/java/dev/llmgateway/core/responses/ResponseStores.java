package dev.llmgateway.core.responses;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.store.Stores;
import java.time.Clock;
import java.time.Duration;

/** Chooses the responses store from the environment, as the other stores are chosen. */
public final class ResponseStores {
    public static final String DEFAULT_TABLE = "llm-gateway-responses";
    /** How long a stored response lives: OpenAI keeps them 30 days by default. */
    public static final String TTL_VARIABLE = "RESPONSES_TTL_DAYS";

    private ResponseStores() {}

    /** DynamoDB when {@code RESPONSES_TABLE} or a DynamoDB endpoint is set, else memory. */
    public static ResponseStore fromEnv(Env env, Clock clock) {
        String endpoint = env.get("DYNAMODB_ENDPOINT", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        String table = env.get("RESPONSES_TABLE");
        if (table == null && endpoint == null) return new InMemoryResponseStore(clock);
        DynamoResponseStore store = new DynamoResponseStore(Stores.client(env), table == null ? DEFAULT_TABLE : table, clock);
        if (env.flag("DYNAMODB_CREATE_TABLES", endpoint != null && env.localMode())) store.createIfMissing();
        return store;
    }

    public static Duration ttl(Env env) {
        long days = env.number(TTL_VARIABLE, 30);
        if (days < 1 || days > 3650) throw new IllegalArgumentException(TTL_VARIABLE + " must be between 1 and 3650 days, not " + days);
        return Duration.ofDays(days);
    }
}
