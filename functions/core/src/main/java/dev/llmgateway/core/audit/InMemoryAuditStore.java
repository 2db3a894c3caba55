package dev.llmgateway.core.audit;

import dev.llmgateway.core.api.GatewayError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/** The audit log of a local run: gone with the process, like the key that signs it. */
public final class InMemoryAuditStore implements AuditStore {
    private final Map<String, ConcurrentSkipListMap<Long, AuditItem>> items = new ConcurrentSkipListMap<>();

    @Override
    public void write(List<AuditItem> batch) {
        for (AuditItem item : batch) items.computeIfAbsent(item.pk(), k -> new ConcurrentSkipListMap<>()).put(item.sk(), item);
    }

    @Override
    public Set<String> partitions() {
        return new TreeSet<>(items.keySet());
    }

    @Override
    public List<AuditItem> partition(String pk) {
        var partition = items.get(pk);
        return partition == null ? List.of() : List.copyOf(partition.values());
    }

    @Override
    public Set<String> chainsOf(String tenant) {
        Set<String> chains = new TreeSet<>();
        for (var partition : items.values()) {
            for (AuditItem item : partition.values()) if (tenant.equals(item.tenant()) && !item.checkpoint()) chains.add(item.pk());
        }
        return chains;
    }

    @Override
    public AuditPage query(AuditQuery query) {
        List<AuditItem> matching = new ArrayList<>();
        for (var partition : items.values()) for (AuditItem item : partition.values()) if (query.matches(item)) matching.add(item);
        matching.sort(Comparator.comparing(AuditItem::time).thenComparing(AuditItem::pk).thenComparingLong(AuditItem::sk));
        int from;
        try {
            from = query.cursor() == null ? 0 : Integer.parseInt(query.cursor());
        } catch (NumberFormatException e) {
            throw GatewayError.invalidRequest("Invalid 'cursor'.", "cursor", "invalid_query");
        }
        int to = Math.min(matching.size(), Math.max(0, from) + query.limit());
        List<AuditItem> page = from >= matching.size() ? List.of() : matching.subList(Math.max(0, from), to);
        return new AuditPage(page, to < matching.size() ? Integer.toString(to) : null);
    }

    /** Removes one item, as someone with write access to the store could: for tests of the verifier. */
    public void remove(String pk, long sk) {
        var partition = items.get(pk);
        if (partition != null) partition.remove(sk);
    }

    /** A snapshot of everything, for tests. */
    public Map<String, List<AuditItem>> snapshot() {
        Map<String, List<AuditItem>> copy = new TreeMap<>();
        items.forEach((pk, partition) -> copy.put(pk, List.copyOf(partition.values())));
        return copy;
    }
}
