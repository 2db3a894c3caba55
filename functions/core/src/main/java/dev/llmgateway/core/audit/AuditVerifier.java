package dev.llmgateway.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.audit.Finding.Type;
import dev.llmgateway.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the audit store and checks every chain (docs/audit.md, "Verification"): each item's MAC,
 * that it sits under its own chain and sequence number, that its index attributes agree with the
 * signed text, that neighbours link, that no sequence number is missing unless its retention has
 * passed, and that no chain ends before the head its latest checkpoint vouches for.
 */
public final class AuditVerifier {
    private final AuditStore store;
    private final AuditKey key;
    private final Clock clock;

    public AuditVerifier(AuditStore store, AuditKey key, Clock clock) {
        this.store = store;
        this.key = key;
        this.clock = clock;
    }

    /** Every chain in the store. */
    public Verification verifyAll() {
        Set<String> chains = new TreeSet<>();
        for (String pk : store.partitions()) {
            chains.add(pk.startsWith(AuditItem.CHECKPOINT_PREFIX) ? pk.substring(AuditItem.CHECKPOINT_PREFIX.length()) : pk);
        }
        return verify(chains);
    }

    /** The chains that hold records of {@code tenant}: a record is only as sound as its chain. */
    public Verification verifyTenant(String tenant) {
        return verify(store.chainsOf(tenant));
    }

    private Verification verify(Set<String> chains) {
        List<Finding> findings = new ArrayList<>();
        long[] counts = new long[3]; // records, checkpoints, expired
        for (String chain : chains) verifyChain(chain, findings, counts);
        return new Verification(chains.size(), counts[0], counts[1], counts[2], findings);
    }

    private record Signed(AuditItem item, JsonNode json) {
        long seq() {
            return json.path("seq").asLong();
        }
    }

    private void verifyChain(String chain, List<Finding> findings, long[] counts) {
        long now = clock.instant().getEpochSecond();
        List<AuditItem> items = store.partition(chain);
        counts[0] += items.size();
        TreeMap<Long, Signed> good = new TreeMap<>();
        Map<Long, AuditItem> suspect = new TreeMap<>();
        Set<Long> present = new TreeSet<>();
        for (AuditItem item : items) {
            present.add(item.sk());
            JsonNode json = parse(item.text());
            if (json == null || !key.verifies(item.text(), item.mac())) {
                suspect.put(item.sk(), item);
                continue;
            }
            String claimedChain = json.path("chain").asText();
            long claimedSeq = json.path("seq").asLong();
            if (!chain.equals(claimedChain)) {
                findings.add(new Finding(Type.REPLAYED, chain, item.sk(), "holds record " + claimedSeq + " of chain " + claimedChain));
            } else if (claimedSeq != item.sk() || json.path("kind").asText().equals(Records.CHECKPOINT)) {
                findings.add(new Finding(Type.REORDERED, chain, item.sk(), "holds record " + claimedSeq + " of this chain"));
            } else {
                String differs = differingAttribute(item, json);
                if (differs != null) {
                    findings.add(new Finding(Type.MODIFIED, chain, item.sk(), "attribute '" + differs + "' differs from the signed record"));
                } else {
                    good.put(item.sk(), new Signed(item, json));
                }
            }
        }

        // Checkpoints: the latest authentic one names the head the chain must reach.
        Signed checkpoint = null;
        for (AuditItem item : store.partition(AuditItem.CHECKPOINT_PREFIX + chain)) {
            counts[1]++;
            JsonNode json = parse(item.text());
            if (json == null || !key.verifies(item.text(), item.mac()) || !chain.equals(json.path("chain").asText())
                    || json.path("data").path("head_seq").asLong() != item.sk()) {
                findings.add(new Finding(Type.MODIFIED, chain, item.sk(), "checkpoint for this sequence number is not authentic"));
                continue;
            }
            if (checkpoint == null || item.sk() > checkpoint.item().sk()) checkpoint = new Signed(item, json);
        }

        long vouchedHead = Math.max(good.isEmpty() ? -1 : good.lastKey(), checkpoint == null ? -1 : checkpoint.item().sk());
        suspect.forEach((seq, item) -> findings.add(seq <= vouchedHead
                ? new Finding(Type.MODIFIED, chain, seq, "MAC does not match the record")
                : new Finding(Type.INSERTED, chain, seq, "forged record: invalid MAC beyond the chain's authentic head")));

        long expected = 0;
        Signed previous = null;
        for (Signed s : good.values()) {
            long seq = s.seq();
            if (seq == 0 && !Records.GENESIS.equals(s.json().path("kind").asText())) {
                findings.add(new Finding(Type.MODIFIED, chain, 0, "the first record is not a genesis record"));
            }
            if (seq > expected) {
                long missing = countMissing(present, expected, seq - 1);
                long prevExpiresAt = s.json().path("prev_expires_at").asLong();
                if (missing > 0 && expired(prevExpiresAt, now)) {
                    counts[2] += missing;
                } else if (missing > 0) {
                    findings.add(new Finding(Type.DELETED, chain, expected, "sequence gap: records " + expected + " to " + (seq - 1)
                            + " are missing (" + missing + " deleted) before record " + seq));
                }
            } else if (previous != null && !s.json().path("prev").asText().equals(previous.item().mac())) {
                findings.add(new Finding(Type.BROKEN_LINK, chain, seq, "does not carry the MAC of record " + previous.seq()));
            }
            expected = seq + 1;
            previous = s;
        }

        if (checkpoint != null) {
            JsonNode data = checkpoint.json().path("data");
            long head = data.path("head_seq").asLong();
            Signed atHead = good.get(head);
            if (expected <= head) {
                long missing = countMissing(present, expected, head);
                if (expired(checkpoint.json().path("expires_at").asLong(), now)) {
                    counts[2] += missing;
                } else if (missing > 0) {
                    findings.add(new Finding(Type.TRUNCATED, chain, expected, "the chain ends at record " + (expected - 1)
                            + " but its checkpoint of " + checkpoint.json().path("time").asText() + " vouches for records up to "
                            + head + " (" + data.path("count").asLong() + " records)"));
                }
            } else if (atHead != null && !Objects.equals(atHead.item().mac(), data.path("head_mac").asText())) {
                findings.add(new Finding(Type.BROKEN_LINK, chain, head, "the checkpoint names another record at this sequence number"));
            }
        }
    }

    /** Positions in [from, to] with no item at all (positions holding a bad item are reported as such). */
    private static long countMissing(Set<Long> present, long from, long to) {
        long missing = 0;
        for (long seq = from; seq <= to; seq++) if (!present.contains(seq)) missing++;
        return missing;
    }

    /** Retention ended for a record whose (signed) expiry has passed; 0 means it never expires. */
    private static boolean expired(long expiresAt, long now) {
        return expiresAt > 0 && expiresAt <= now;
    }

    /** The first index attribute that no longer matches the signed text, or null. */
    private static String differingAttribute(AuditItem stored, JsonNode json) {
        AuditItem signed = AuditItem.of(json, stored.text(), stored.mac());
        if (!Objects.equals(signed.kind(), stored.kind())) return "kind";
        if (!Objects.equals(signed.tenant(), stored.tenant())) return "tenant";
        if (!Objects.equals(signed.time(), stored.time())) return "time";
        if (!Objects.equals(signed.requestId(), stored.requestId())) return "request_id";
        if (!Objects.equals(signed.status(), stored.status())) return "status";
        if (!Objects.equals(signed.model(), stored.model())) return "model";
        if (signed.expiresAt() != stored.expiresAt()) return "expires_at";
        return null;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = Json.tree(text);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
