package dev.llmgateway.admin.console.session;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.store.Stores;
import java.time.Clock;

/** The session store, chosen from the environment as the other stores are. */
public final class SessionStores {
    public static final String TABLE_VARIABLE = "CONSOLE_SESSIONS_TABLE";
    public static final String DEFAULT_TABLE = "llm-gateway-console-sessions";

    private SessionStores() {}

    /** DynamoDB when {@code CONSOLE_SESSIONS_TABLE} or a DynamoDB endpoint is set (the default table name then), else memory. */
    public static SessionStore fromEnv(Env env, Clock clock) {
        String endpoint = env.get("DYNAMODB_ENDPOINT", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        String table = env.get(TABLE_VARIABLE);
        if (table == null && endpoint == null) return new InMemorySessionStore(clock);
        DynamoSessionStore dynamo = new DynamoSessionStore(Stores.client(env), table == null ? DEFAULT_TABLE : table);
        if (env.flag("DYNAMODB_CREATE_TABLES", endpoint != null && env.localMode())) dynamo.createIfMissing();
        return dynamo;
    }
}
