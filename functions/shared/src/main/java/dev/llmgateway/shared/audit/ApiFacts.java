package dev.llmgateway.shared.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the data plane learned while serving one API request, for its audit record: the audit filter
 * is shared, the facts (model, provider, usage, a stream's outcome) are the gateway's.
 */
public interface ApiFacts {
    /** The status the client saw: a stream that failed after its head reports its outcome here. */
    int status(int responseStatus);

    /** The tenant the request was served for, or null when it never got that far. */
    String tenant();

    /** The error code a stream ended with (or {@code client_closed_request}); null to read it from the body. */
    String errorCode();

    /** Adds the API fields of the record (docs/audit.md): api, models, provider, failover, usage, cost. */
    void addTo(ObjectNode record, String path);
}
