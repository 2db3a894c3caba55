package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One stored response of one tenant. A response the gateway translated is kept whole: the response
 * object, its input items (what {@code input_items} lists) and its {@code context}, the items of
 * the whole conversation up to and including its output, which {@code previous_response_id}
 * continues from. A response an upstream keeps itself (OpenAI's, passed through) is kept only as a
 * pointer: {@code heldBy} names that provider, so the id is reachable by its tenant alone.
 */
public record StoredResponse(String id, String heldBy, ObjectNode response, ArrayNode inputItems, ArrayNode context,
                             Instant expiresAt) {

    public static StoredResponse translated(ObjectNode response, ArrayNode inputItems, ArrayNode context, Instant expiresAt) {
        return new StoredResponse(response.path("id").asText(), null, response, inputItems, context, expiresAt);
    }

    public static StoredResponse pointer(String id, String provider, Instant expiresAt) {
        return new StoredResponse(id, provider, null, null, null, expiresAt);
    }

    public boolean isPointer() {
        return heldBy != null;
    }

    /** The stored form: one JSON document (compressed by the DynamoDB store). */
    byte[] document() {
        ObjectNode doc = Json.object().put("id", id);
        if (heldBy != null) doc.put("held_by", heldBy);
        if (response != null) {
            doc.set("response", response);
            doc.set("input_items", inputItems);
            doc.set("context", context);
        }
        return Json.bytes(doc);
    }

    static StoredResponse fromDocument(byte[] bytes, Instant expiresAt) {
        JsonNode doc;
        try {
            doc = Json.tree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoredResponse(doc.path("id").asText(), doc.path("held_by").asText(null),
                doc.get("response") instanceof ObjectNode r ? r : null,
                doc.get("input_items") instanceof ArrayNode i ? i : null,
                doc.get("context") instanceof ArrayNode c ? c : null, expiresAt);
    }
}
