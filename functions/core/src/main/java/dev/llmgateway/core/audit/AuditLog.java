package dev.llmgateway.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.store.Stores;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of this process: its chain writer, the store, verification and export, chosen once
 * from the environment (docs/audit.md): DynamoDB table {@code AUDIT_TABLE} when it or a DynamoDB
 * endpoint is configured, else memory. The HMAC key is {@code AUDIT_HMAC_KEY} (deployed: from the
 * secret {@code AUDIT_HMAC_KEY_SECRET_ARN} names); a DynamoDB log needs it, except locally, where a
 * key for this process only is made up with a warning.
 */
public final class AuditLog {
    public static final String DEFAULT_TABLE = "llm-gateway-audit";
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final AuditStore store;
    private final AuditKey key;
    private final ChainWriter writer;
    private final AuditVerifier verifier;
    private final String description;

    public AuditLog(AuditStore store, AuditKey key, Clock clock, ChainWriter.Settings settings, String description) {
        this.store = store;
        this.key = key;
        this.writer = new ChainWriter(key, store, clock, settings);
        this.verifier = new AuditVerifier(store, key, clock);
        this.description = description;
    }

    public static AuditLog fromEnv(Env env, Clock clock) {
        ChainWriter.Settings settings = new ChainWriter.Settings(environment(env),
                Duration.ofDays(env.number("AUDIT_RETENTION_DAYS", 365)),
                (int) Math.max(1, env.number("AUDIT_CHECKPOINT_EVERY", 100)),
                env.millis("AUDIT_CHECKPOINT_INTERVAL_MS", Duration.ofSeconds(60)));
        String secret = env.get("AUDIT_HMAC_KEY");
        AuditStore store = storeFromEnv(env);
        if (store instanceof InMemoryAuditStore) {
            return new AuditLog(store, secret == null ? AuditKey.random() : new AuditKey(secret), clock, settings, "in-memory");
        }
        String description = "DynamoDB table " + ((DynamoAuditStore) store).table();
        if (secret == null) {
            if (!env.localMode()) throw new IllegalStateException("AUDIT_HMAC_KEY (or AUDIT_HMAC_KEY_SECRET_ARN) must be set for the DynamoDB audit log");
            log.warn("AUDIT_HMAC_KEY is not set: the audit log in {} is signed with a key of this process only and cannot be verified after it ends",
                    description);
            return new AuditLog(store, AuditKey.random(), clock, settings, description);
        }
        return new AuditLog(store, new AuditKey(secret), clock, settings, description);
    }

    /** The store {@code AUDIT_TABLE} (or a DynamoDB endpoint) selects; also what the verifier command reads. */
    public static AuditStore storeFromEnv(Env env) {
        String endpoint = env.get("DYNAMODB_ENDPOINT", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        String table = env.get("AUDIT_TABLE");
        if (table == null && endpoint == null) return new InMemoryAuditStore();
        DynamoAuditStore store = new DynamoAuditStore(Stores.client(env), table == null ? DEFAULT_TABLE : table);
        if (env.flag("DYNAMODB_CREATE_TABLES", endpoint != null && env.localMode())) store.createIfMissing();
        return store;
    }

    /** Which environment this chain belongs to: the Lambda log stream (one per environment), else the host. */
    static String environment(Env env) {
        String name = env.get("AWS_LAMBDA_LOG_STREAM_NAME", env.get("HOSTNAME", "local"));
        return name.replaceAll("[^A-Za-z0-9_./\\[\\]$:-]", "_");
    }

    /** Seals and stores one record of this environment's chain; returns once it is durable, or throws. */
    public AuditItem append(String kind, ObjectNode data) {
        return writer.append(kind, data);
    }

    public AuditPage query(AuditQuery query) {
        return store.query(query);
    }

    public Verification verifyAll() {
        return verifier.verifyAll();
    }

    public Verification verifyTenant(String tenant) {
        return verifier.verifyTenant(tenant);
    }

    /** Writes matching records as JSON Lines (each the signed record plus its {@code mac}); returns how many. */
    public long export(AuditQuery query, Writer out) throws IOException {
        return export(store, query, out);
    }

    static long export(AuditStore store, AuditQuery query, Writer out) throws IOException {
        long lines = 0;
        AuditQuery page = query;
        while (true) {
            AuditPage result = store.query(page);
            for (AuditItem item : result.items()) {
                ObjectNode line = (ObjectNode) Json.tree(item.text());
                line.put("mac", item.mac());
                out.write(Json.string(line));
                out.write('\n');
                lines++;
            }
            if (result.next() == null) return lines;
            page = new AuditQuery(query.tenant(), query.from(), query.to(), query.status(), query.model(), query.requestId(),
                    query.kind(), query.limit(), result.next());
        }
    }

    public AuditStore store() {
        return store;
    }

    public String chain() {
        return writer.chain();
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "AuditLog[" + description + ", key " + key + "]";
    }
}
