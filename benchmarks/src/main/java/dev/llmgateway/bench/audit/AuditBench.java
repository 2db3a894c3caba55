package dev.llmgateway.bench.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.audit.AuditKey;
import dev.llmgateway.core.audit.AuditStore;
import dev.llmgateway.core.audit.AuditVerifier;
import dev.llmgateway.core.audit.ChainWriter;
import dev.llmgateway.core.audit.DynamoAuditStore;
import dev.llmgateway.core.audit.InMemoryAuditStore;
import dev.llmgateway.core.audit.Records;
import dev.llmgateway.core.audit.Verification;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.Dynalite;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Audit log figures for docs/performance.md: the time one append adds to the end of a response
 * (sequential appends, one environment serving one request at a time), group-commit throughput with
 * concurrent requests, and verification speed, on memory and on dynalite (loopback; not DynamoDB).
 * Usage: AuditBench [appends (0: memory only)] [verifyRecords]
 */
public final class AuditBench {
    private static final AuditKey KEY = new AuditKey("bench-audit-key-0123456789abcdef");

    public static void main(String[] args) throws Exception {
        int appends = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int verifyRecords = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;

        InMemoryAuditStore memory = new InMemoryAuditStore();
        fill(memory, verifyRecords, 8);
        report("memory", memory);
        if (appends == 0) return;

        Dynalite dynalite = Dynalite.get();
        DynamoAuditStore dynamo = new DynamoAuditStore(dynalite.client(), "bench-" + UUID.randomUUID().toString().substring(0, 8));
        dynamo.createIfMissing();
        ChainWriter sequential = writer(dynamo, "sequential");
        for (int i = 0; i < 200; i++) sequential.append(Records.REQUEST, record(i)); // warm-up
        long[] nanos = new long[appends];
        for (int i = 0; i < appends; i++) {
            long t = System.nanoTime();
            sequential.append(Records.REQUEST, record(i));
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "dynalite append (one at a time, %d): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n", appends,
                nanos[appends / 2] / 1e6, nanos[appends * 9 / 10] / 1e6, nanos[appends * 99 / 100] / 1e6);

        ChainWriter concurrent = writer(dynamo, "concurrent");
        int total = appends * 2;
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < total; i++) {
                int n = i;
                pool.submit(() -> concurrent.append(Records.REQUEST, record(n)));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "dynalite group commit (16 threads, %d records): %.0f records/s%n", total, total / seconds);
        report("dynalite", dynamo);
    }

    private static void report(String name, AuditStore store) {
        new AuditVerifier(store, KEY, Clock.systemUTC()).verifyAll(); // warm-up
        long t = System.nanoTime();
        Verification result = new AuditVerifier(store, KEY, Clock.systemUTC()).verifyAll();
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "%s verify: %d records, %d chains, ok=%s, %.2f s, %.0f records/s%n", name, result.records(),
                result.chains(), result.ok(), seconds, result.records() / seconds);
    }

    private static void fill(AuditStore store, int records, int chains) {
        for (int c = 0; c < chains; c++) {
            ChainWriter writer = writer(store, "env-" + c);
            for (int i = 0; i < records / chains; i++) writer.append(Records.REQUEST, record(i));
        }
    }

    private static ChainWriter writer(AuditStore store, String environment) {
        return new ChainWriter(KEY, store, Clock.systemUTC(), new ChainWriter.Settings(environment, Duration.ofDays(365), 100,
                Duration.ofSeconds(60)));
    }

    /** About the size of a real request record (≈ 900 bytes of JSON). */
    private static ObjectNode record(int i) {
        ObjectNode r = Json.object().put("type", "request").put("request_id", "req_" + UUID.randomUUID().toString().replace("-", ""))
                .put("received_at", Records.time(java.time.Instant.now())).put("key_id", "a".repeat(64)).put("tenant", "tenant-" + (i % 10))
                .put("source_ip", "203.0.113.7").put("forwarded_for", (String) null).put("method", "POST").put("path", "/v1/chat/completions")
                .put("status", 200).put("error_code", (String) null).put("latency_ms", 812.5).put("request_sha256", "b".repeat(64))
                .put("request_bytes", 1432).put("response_sha256", "c".repeat(64)).put("response_bytes", 2211).put("api", "chat.completions")
                .put("model_requested", "gpt-4o").put("provider", "openai").put("model_served", "gpt-4o").put("stream", true);
        r.putArray("failover");
        r.putArray("provider_errors");
        r.put("retries", 0).putNull("downgrade");
        r.put("budget_blocked", false);
        r.putObject("usage").put("prompt_tokens", 1200).put("completion_tokens", 300).put("total_tokens", 1500);
        r.put("cost_usd", 0.006).put("ttft_ms", 312.4);
        r.putArray("guardrails");
        r.putNull("content");
        return r;
    }
}
