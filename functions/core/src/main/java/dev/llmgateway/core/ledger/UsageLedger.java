package dev.llmgateway.core.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * Settled usage per tenant, UTC day, key, provider and model, one line each. {@link #add} is one
 * atomic addition to that line (concurrent requests never lose a count); implementations must give
 * the same semantics, which the shared store contract test checks for each of them.
 */
public interface UsageLedger {
    /** Adds {@code line}'s counts to the line of the same tenant, day, key, provider and model (created at zero). */
    void add(LedgerLine line);

    /** Every line of {@code tenant} from {@code from} to {@code to}, both included, in no particular order. */
    List<LedgerLine> lines(String tenant, LocalDate from, LocalDate to);
}
