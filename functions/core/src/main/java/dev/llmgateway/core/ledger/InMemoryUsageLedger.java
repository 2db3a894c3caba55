package dev.llmgateway.core.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The usage ledger in process memory, for local mode: {@link ConcurrentHashMap#merge} is atomic per line. */
public final class InMemoryUsageLedger implements UsageLedger {
    private record Account(String tenant, LocalDate day, String key, String provider, String model) {}

    private final ConcurrentHashMap<Account, LedgerCounts> lines = new ConcurrentHashMap<>();

    @Override
    public void add(LedgerLine line) {
        lines.merge(new Account(line.tenant(), line.day(), line.key(), line.provider(), line.model()), line.counts(), LedgerCounts::plus);
    }

    @Override
    public List<LedgerLine> lines(String tenant, LocalDate from, LocalDate to) {
        return lines.entrySet().stream()
                .filter(e -> e.getKey().tenant().equals(tenant) && !e.getKey().day().isBefore(from) && !e.getKey().day().isAfter(to))
                .map(e -> new LedgerLine(tenant, e.getKey().day(), e.getKey().key(), e.getKey().provider(), e.getKey().model(), e.getValue()))
                .toList();
    }
}
