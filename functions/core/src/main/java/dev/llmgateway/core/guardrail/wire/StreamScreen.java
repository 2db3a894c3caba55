package dev.llmgateway.core.guardrail.wire;

import dev.llmgateway.core.guardrail.Guard;
import dev.llmgateway.core.guardrail.TextStream;
import dev.llmgateway.core.spi.ChunkSink;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streamed answer on its way to the client, in the inbound API's own events: each run of text
 * the model writes (a choice's content, a content block, an output part, tool-call arguments)
 * goes through its own {@link TextStream}, so a value or a placeholder split across events is
 * still found, and only the shortest tail that could still complete one is held back. What is held
 * is released in the event that ends its run, or by {@link #finish}. Events carrying no text pass
 * through unchanged. One stream, one thread.
 */
public abstract sealed class StreamScreen implements ChunkSink permits ChatStream, StreamScreen.Events {
    final Guard guard;
    final ChunkSink next;
    /** Open runs by location, in the order they began. */
    final Map<String, TextStream> runs = new LinkedHashMap<>();

    StreamScreen(Guard guard, ChunkSink next) {
        this.guard = guard;
        this.next = next;
    }

    /** The screen for {@code api}'s events, or {@code next} itself when nothing in the answer needs looking at. */
    public static ChunkSink of(Inbound.Api api, Guard guard, ChunkSink next) {
        if (!guard.outboundActive()) return next;
        return switch (api) {
            case CHAT -> new ChatStream(guard, next);
            case MESSAGES -> new MessagesStream(guard, next);
            case RESPONSES -> new ResponsesStream(guard, next);
            case EMBEDDINGS -> next;
        };
    }

    /** Releases whatever is still held, as events of the API's own shape, before the stream ends. */
    public abstract void finish() throws IOException;

    /** The next piece of the run at {@code location}: what can be released now. */
    String push(String location, String piece) {
        return runs.computeIfAbsent(location, guard::stream).push(piece);
    }

    /** A stream of whole server-sent events (Messages, Responses): anything that is not a named JSON event passes unchanged. */
    abstract static sealed class Events extends StreamScreen permits MessagesStream, ResponsesStream {
        Events(Guard guard, ChunkSink next) {
            super(guard, next);
        }

        @Override
        public final void send(byte[] bytes) throws IOException {
            SseEvent event = SseEvent.parse(bytes);
            if (event == null) next.send(bytes);
            else event(event, bytes);
        }

        /** One event, and its bytes as they came (to pass on unchanged when nothing in it changes). */
        abstract void event(SseEvent event, byte[] bytes) throws IOException;
    }

    /** Ends the run at {@code location}: the text it still held ("" when none or no such run). */
    String end(String location) {
        TextStream run = runs.remove(location);
        return run == null ? "" : run.finish();
    }
}
