package dev.llmgateway.core.audit;

import java.util.List;
import java.util.Set;

/** Where audit items live: in memory locally, a DynamoDB table deployed. Items are immutable once written. */
public interface AuditStore {
    /** Writes every item durably before returning, or throws (nothing is then promised about which landed). */
    void write(List<AuditItem> items);

    /** Every partition key: chains and checkpoint partitions. */
    Set<String> partitions();

    /** The items of one partition in ascending {@code sk}. */
    List<AuditItem> partition(String pk);

    /** The chains that hold records of {@code tenant}. */
    Set<String> chainsOf(String tenant);

    /** Records matching the query, one page at a time: for a tenant in time order, else in store order. */
    AuditPage query(AuditQuery query);
}
