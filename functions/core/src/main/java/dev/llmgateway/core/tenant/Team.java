package dev.llmgateway.core.tenant;

import dev.llmgateway.core.budget.Budget;
import dev.llmgateway.core.limit.Limits;

/**
 * A team: an optional level between a tenant and its keys. Its budget (caps only) and rate limits
 * apply to all keys of the team together, in addition to the key's own and the tenant's: the tightest wins.
 */
public record Team(String tenantId, String id, String name, Budget budget, Limits limits) {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Team ids: 1 to 64 letters, digits, '.', '_' or '-' (no '/' or ':', which the store and accounts use as separators). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The budget counters of a team are kept under this account (tenant ids cannot contain ':'). */
    public String account() {
        return "team:" + tenantId + "/" + id;
    }
}
