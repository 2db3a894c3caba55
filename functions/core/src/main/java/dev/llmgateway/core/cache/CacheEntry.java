package dev.llmgateway.core.cache;

import dev.llmgateway.core.api.Usage;
import java.time.Instant;
import java.util.List;

/**
 * One cached answer, exactly as its client received it: a buffered {@code body}, or the stream's
 * {@code chunks} (each one event of the client API's framing, in the sizes the upstream sent). For a
 * chat completions stream the usage-only chunk is kept apart ({@code usageChunk}, null when the
 * stream had none), so a replay sends it only to a client that asks for it. {@code tokens} and
 * {@code costMicros} are what the original request was charged: what a hit saves.
 *
 * @param tenantId the tenant that stored it; an entry is only ever served to the same tenant
 * @param provider the provider that produced it
 * @param model the upstream model that produced it
 */
public record CacheEntry(String tenantId, String provider, String model, Usage usage, long tokens, long costMicros,
                         byte[] body, List<byte[]> chunks, byte[] usageChunk, Instant createdAt) {
    public CacheEntry {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
        if ((body == null) == chunks.isEmpty()) throw new IllegalArgumentException("an entry is a body or a stream of chunks");
    }

    public boolean streamed() {
        return body == null;
    }
}
