package dev.llmgateway.core.tenant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Tenants and key hashes in process memory: the local default. */
public final class InMemoryTenantStore implements TenantStore {
    private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ApiKey> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Team> teams = new ConcurrentHashMap<>();

    @Override
    public List<Tenant> tenants() {
        List<Tenant> all = new ArrayList<>(tenants.values());
        all.sort(Comparator.comparing(Tenant::id));
        return all;
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public void putTenant(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
    }

    @Override
    public boolean deleteTenant(String id) {
        keys.values().removeIf(k -> k.tenantId().equals(id));
        teams.values().removeIf(t -> t.tenantId().equals(id));
        return tenants.remove(id) != null;
    }

    @Override
    public void putKey(ApiKey key) {
        keys.put(key.hash(), key);
    }

    @Override
    public Optional<ApiKey> keyByHash(String hash) {
        return Optional.ofNullable(keys.get(hash));
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        List<ApiKey> list = new ArrayList<>(keys.values().stream().filter(k -> k.tenantId().equals(tenantId)).toList());
        list.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::hash));
        return list;
    }

    @Override
    public boolean deleteKey(String hash) {
        return keys.remove(hash) != null;
    }

    @Override
    public Optional<Team> team(String tenantId, String id) {
        return Optional.ofNullable(teams.get(tenantId + "/" + id));
    }

    @Override
    public List<Team> teams(String tenantId) {
        return teams.values().stream().filter(t -> t.tenantId().equals(tenantId)).sorted(Comparator.comparing(Team::id)).toList();
    }

    @Override
    public void putTeam(Team team) {
        teams.put(team.tenantId() + "/" + team.id(), team);
    }

    @Override
    public boolean deleteTeam(String tenantId, String id) {
        return teams.remove(tenantId + "/" + id) != null;
    }
}
