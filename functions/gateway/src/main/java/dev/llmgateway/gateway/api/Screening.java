package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.guardrail.wire.Answers;
import dev.llmgateway.core.guardrail.wire.Inbound;
import dev.llmgateway.core.guardrail.wire.StreamScreen;
import dev.llmgateway.core.spi.ChunkSink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One request's guardrails on the way out: a buffered answer's texts, or a stream's events, pass
 * the outbound rules and get this request's placeholders restored. The response cache keeps the
 * answer as the provider gave it (placeholders, never restored values) and a hit passes here
 * again, so it is restored with the values of the request it serves.
 */
record Screening(Guard guard, Inbound.Api api) {
    static Screening none(Inbound.Api api) {
        return new Screening(Guard.none(), api);
    }

    /** The answer as the client gets it. */
    byte[] answer(byte[] body) {
        return Answers.screen(api, body, guard);
    }

    /** {@code X-Gateway-Redactions}: values replaced so far (before a stream, the inbound ones). */
    void header(HttpServletResponse response) {
        if (guard.active() && !response.isCommitted()) response.setHeader(GuardStep.HEADER, Integer.toString(guard.redactions()));
    }

    /** The client's event stream behind the outbound screen. */
    EventStream events(EventStream client) {
        ChunkSink screen = StreamScreen.of(api, guard, client);
        return screen == client ? client : new Screened((StreamScreen) screen, client);
    }

    /** Events pass the screen; what it still holds is released before the stream ends, either way. */
    private record Screened(StreamScreen screen, EventStream client) implements EventStream {
        @Override
        public void send(byte[] chunk) throws IOException {
            screen.send(chunk);
        }

        @Override
        public boolean started() {
            return client.started();
        }

        @Override
        public void fail(GatewayError error, String costUsd) throws IOException {
            if (client.started()) screen.finish();
            client.fail(error, costUsd);
        }

        @Override
        public void done(String costUsd) throws IOException {
            screen.finish();
            client.done(costUsd);
        }
    }
}
