package dev.llmgateway.core.responses;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The store of a single process (local runs, tests): the same semantics as DynamoDB's, kept as stored documents. */
public final class InMemoryResponseStore implements ResponseStore {
    private record Key(String tenant, String id) {}

    private record Entry(byte[] document, StoredResponse meta) {}

    private final Map<Key, Entry> responses = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryResponseStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String tenant, StoredResponse response) {
        responses.put(new Key(tenant, response.id()), new Entry(response.document(), response));
    }

    @Override
    public Optional<StoredResponse> get(String tenant, String id) {
        Entry entry = responses.get(new Key(tenant, id));
        if (entry == null) return Optional.empty();
        if (!entry.meta().expiresAt().isAfter(clock.instant())) {
            responses.remove(new Key(tenant, id), entry);
            return Optional.empty();
        }
        // a copy per read, as from DynamoDB: callers may change what they get
        return Optional.of(StoredResponse.fromDocument(entry.document(), entry.meta().expiresAt()));
    }

    @Override
    public boolean delete(String tenant, String id) {
        boolean live = get(tenant, id).isPresent();
        responses.remove(new Key(tenant, id));
        return live;
    }

    @Override
    public String description() {
        return "in-memory";
    }
}
