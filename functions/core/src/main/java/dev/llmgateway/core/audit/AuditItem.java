package dev.llmgateway.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;

/**
 * One stored audit item: a chain record ({@code pk} = its chain, {@code sk} = its sequence number) or
 * a checkpoint ({@code pk} = {@value #CHECKPOINT_PREFIX} + chain, {@code sk} = the head it vouches for).
 * {@code text} is the signed record, canonical JSON; {@code mac} its HMAC. The other fields are copies of
 * values in the text, kept as separate attributes so stores can index and filter on them; the verifier
 * checks that they still agree with the text.
 */
public record AuditItem(String pk, long sk, String kind, String tenant, String time, String requestId,
                        Integer status, String model, long expiresAt, String text, String mac) {
    public static final String CHECKPOINT_PREFIX = "checkpoint#";

    /** The item for a signed record, its key and index attributes taken from the text. */
    public static AuditItem of(String text, String mac) {
        return of(Json.tree(text), text, mac);
    }

    /** As {@link #of(String, String)} when the text is already parsed into {@code r}. */
    static AuditItem of(JsonNode r, String text, String mac) {
        String kind = r.path("kind").asText();
        String chain = r.path("chain").asText();
        boolean checkpoint = Records.CHECKPOINT.equals(kind);
        JsonNode data = r.path("data");
        return new AuditItem(checkpoint ? CHECKPOINT_PREFIX + chain : chain,
                checkpoint ? data.path("head_seq").asLong() : r.path("seq").asLong(), kind,
                textOrNull(data.get("tenant")), r.path("time").asText(), textOrNull(data.get("request_id")),
                data.hasNonNull("status") ? data.get("status").asInt() : null, textOrNull(data.get("model_requested")),
                r.path("expires_at").asLong(), text, mac);
    }

    public boolean checkpoint() {
        return pk.startsWith(CHECKPOINT_PREFIX);
    }

    /** The chain this item belongs to (for a checkpoint: the chain it vouches for). */
    public String chain() {
        return checkpoint() ? pk.substring(CHECKPOINT_PREFIX.length()) : pk;
    }

    /** The same item with a different text or MAC, everything else as stored: for tests that tamper. */
    public AuditItem withText(String newText) {
        return new AuditItem(pk, sk, kind, tenant, time, requestId, status, model, expiresAt, newText, mac);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
