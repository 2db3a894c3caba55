package dev.llmgateway.core.responses;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stored Responses, per tenant: a tenant reads and deletes only its own, and an expired response
 * is gone (whether or not the backend has removed it yet). Failures to reach the store are
 * {@link dev.llmgateway.core.api.GatewayError#storeUnavailable} errors.
 */
public interface ResponseStore {
    /** What a response id may look like: OpenAI's and the gateway's ids both fit, and it cannot reach into another key. */
    Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    /** Keeps {@code response} for {@code tenant} until its expiry; returns once it is durable. */
    void put(String tenant, StoredResponse response);

    Optional<StoredResponse> get(String tenant, String id);

    /** Removes the tenant's response; false if it had none (or it had expired). */
    boolean delete(String tenant, String id);

    String description();
}
