package dev.llmgateway.core.spi;

import dev.llmgateway.core.api.ResponsesRequest;
import java.io.IOException;

/**
 * A provider that serves OpenAI's Responses API natively (OpenAI, Azure OpenAI), so
 * {@code /v1/responses} is passed through: the client's body goes upstream with only {@code model}
 * rewritten, and the answer and its events come back as the upstream wrote them. The upstream
 * keeps these responses; {@link #held} reaches them again by id.
 */
public interface ResponsesApi {
    /** Whether this provider speaks the Responses API (a catalogue row's declaration). */
    boolean servesResponses();

    /** A buffered answer: the upstream's Response JSON unchanged, and its usage. */
    Completion respond(ResponsesRequest request, String model);

    /** Streams the upstream's events into {@code events}, one complete SSE event per {@code send}. */
    StreamResult streamResponse(ResponsesRequest request, String model, ChunkSink events) throws IOException;

    /**
     * A call on a response the upstream keeps: {@code GET} or {@code DELETE} of
     * {@code /responses/{id}{suffix}}, with the client's query string (null for none). The body is
     * the upstream's, unchanged; its status, if not 2xx, is raised as the upstream's error.
     */
    byte[] held(String method, String id, String suffix, String query);
}
