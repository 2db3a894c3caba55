package dev.llmgateway.core.tenant;

import java.util.List;
import java.util.Optional;

/** Tenants (with their budgets) and their API keys, stored by hash. */
public interface TenantStore {
    List<Tenant> tenants();

    Optional<Tenant> tenant(String id);

    /** Creates or replaces a tenant. */
    void putTenant(Tenant tenant);

    /** Removes a tenant and its keys; returns false when there was none. */
    boolean deleteTenant(String id);

    void putKey(ApiKey key);

    Optional<ApiKey> keyByHash(String hash);

    List<ApiKey> keys(String tenantId);

    boolean deleteKey(String hash);

    Optional<Team> team(String tenantId, String id);

    List<Team> teams(String tenantId);

    /** Creates or replaces a team. */
    void putTeam(Team team);

    /** Removes a team; returns false when there was none. Callers refuse it while keys name the team. */
    boolean deleteTeam(String tenantId, String id);
}
