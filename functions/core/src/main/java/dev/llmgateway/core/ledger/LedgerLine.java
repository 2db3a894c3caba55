package dev.llmgateway.core.ledger;

import java.time.LocalDate;

/**
 * One line of the usage ledger: what one key of a tenant used of one provider's model on one UTC
 * day. {@code key} is the key's hash (its id in the admin API), null for requests without a known
 * key (open mode; an empty key is taken as none); {@code model} is the upstream model the provider was asked for.
 */
public record LedgerLine(String tenant, LocalDate day, String key, String provider, String model, LedgerCounts counts) {
    public LedgerLine {
        if (tenant == null || day == null || provider == null || model == null || counts == null) {
            throw new IllegalArgumentException("a ledger line needs tenant, day, provider, model and counts");
        }
        if (key != null && key.isEmpty()) key = null;
    }

    /** Whether {@code other} is the same tenant, day, key, provider and model (counts aside). */
    public boolean sameAccount(LedgerLine other) {
        return tenant.equals(other.tenant) && day.equals(other.day) && java.util.Objects.equals(key, other.key)
                && provider.equals(other.provider) && model.equals(other.model);
    }

    public LedgerLine withCounts(LedgerCounts counts) {
        return new LedgerLine(tenant, day, key, provider, model, counts);
    }
}
