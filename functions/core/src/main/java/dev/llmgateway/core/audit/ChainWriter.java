package dev.llmgateway.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's audit chain: one chain per execution environment, so writers in different
 * environments never contend. The chain opens with a genesis record naming the environment on the
 * first append (never before: a SnapStart snapshot must not carry a chain that several restored
 * environments would then share). {@link #append} returns only once its record is in the store.
 *
 * <p>Group commit: concurrent appends queue up; whoever holds the lock seals everything queued (in
 * order, each carrying its predecessor's MAC) and writes it in one store call of at most
 * {@value #MAX_BATCH} items. If that write fails, the head is rolled back, so the chain has no hole,
 * and every waiter in the batch gets the failure.
 */
public final class ChainWriter {
    /** BatchWriteItem's limit. */
    static final int MAX_BATCH = 25;
    private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);

    public record Settings(String environment, Duration retention, int checkpointEvery, Duration checkpointInterval) {}

    private record Pending(String kind, ObjectNode data, CompletableFuture<AuditItem> done) {}

    private record Head(String chain, long seq, String mac, long expiresAt, long count, long sinceCheckpoint,
                        Instant checkpointedAt) {}

    private final AuditKey key;
    private final AuditStore store;
    private final Clock clock;
    private final Settings settings;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private Head head; // guarded by lock; null until the genesis is durable

    public ChainWriter(AuditKey key, AuditStore store, Clock clock, Settings settings) {
        this.key = key;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    /** Seals {@code data} as the next record of this environment's chain and returns it once durable. */
    public AuditItem append(String kind, ObjectNode data) {
        Pending pending = new Pending(kind, data, new CompletableFuture<>());
        queue.add(pending);
        while (!pending.done().isDone()) {
            lock.lock();
            try {
                if (!pending.done().isDone()) flush();
            } finally {
                lock.unlock();
            }
        }
        try {
            return pending.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The chain id once opened, else null. */
    public String chain() {
        lock.lock();
        try {
            return head == null ? null : head.chain();
        } finally {
            lock.unlock();
        }
    }

    private void flush() {
        Instant now = clock.instant();
        List<AuditItem> items = new ArrayList<>();
        Head h = head;
        if (h == null) {
            String chain = settings.environment() + "#" + randomId();
            ObjectNode genesis = Json.object().put("environment", settings.environment()).put("opened_at", Records.time(now))
                    .put("checkpoint_every", settings.checkpointEvery());
            AuditItem item = seal(chain, 0, Records.GENESIS, now, "", 0, genesis);
            items.add(item);
            h = new Head(chain, 0, item.mac(), item.expiresAt(), 1, 1, now);
        } else if (h.sinceCheckpoint() >= settings.checkpointEvery()
                || (h.sinceCheckpoint() > 0 && !now.isBefore(h.checkpointedAt().plus(settings.checkpointInterval())))) {
            // Vouches for the head already durable, so a checkpoint never names a record that might not land.
            items.add(sealCheckpoint(h, now));
            h = new Head(h.chain(), h.seq(), h.mac(), h.expiresAt(), h.count(), 0, now);
        }
        List<Pending> batch = new ArrayList<>();
        while (items.size() < MAX_BATCH) {
            Pending p = queue.poll();
            if (p == null) break;
            AuditItem item = seal(h.chain(), h.seq() + 1, p.kind(), now, h.mac(), h.expiresAt(), p.data());
            items.add(item);
            batch.add(p);
            h = new Head(h.chain(), item.sk(), item.mac(), item.expiresAt(), h.count() + 1, h.sinceCheckpoint() + 1,
                    h.checkpointedAt());
        }
        try {
            store.write(items);
        } catch (RuntimeException e) {
            for (Pending p : batch) p.done().completeExceptionally(e); // head unchanged: the next batch reuses these numbers
            return;
        }
        head = h;
        for (AuditItem item : items) if (item.checkpoint()) logCheckpoint(item);
        int i = items.size() - batch.size();
        for (Pending p : batch) p.done().complete(items.get(i++));
    }

    private AuditItem seal(String chain, long seq, String kind, Instant time, String prev, long prevExpiresAt, ObjectNode data) {
        String text = Records.record(chain, seq, kind, time, expiresAt(time), prev, prevExpiresAt, data);
        return AuditItem.of(text, key.mac(text));
    }

    private AuditItem sealCheckpoint(Head h, Instant now) {
        String text = Records.checkpoint(h.chain(), now, h.expiresAt(), h.seq(), h.mac(), h.count());
        return AuditItem.of(text, key.mac(text));
    }

    private long expiresAt(Instant time) {
        Duration retention = settings.retention();
        return retention == null || retention.isZero() ? 0 : time.plus(retention).getEpochSecond();
    }

    /** Checkpoints also go to the log, a second place a tail truncation in the table cannot reach. */
    private static void logCheckpoint(AuditItem checkpoint) {
        log.info("audit checkpoint {}", checkpoint.text());
    }

    private static String randomId() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
