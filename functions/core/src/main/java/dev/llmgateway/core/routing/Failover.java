package dev.llmgateway.core.routing;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.text.Printable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a request's candidates in order until one answers. A failure moves on to the next
 * candidate only when the provider is at fault in a way another provider may not be: 429, 5xx,
 * a timeout or a connection failure ({@link GatewayError#isUpstream()} with status 429 or 5xx).
 * Client errors (400, 404) and auth failures (401, 403) are the same everywhere and are returned
 * at once. A stream fails over only while nothing has reached the client; after its first chunk
 * the failure ends the stream. Attempts are bounded in number and no attempt starts after the
 * deadline. Only routed models fail over and honour the breaker; an unrouted model has one
 * target and is called exactly as before.
 */
public final class Failover {
    private static final Logger log = LoggerFactory.getLogger(Failover.class);

    public record Settings(int maxAttempts, Duration deadline) {
        public static final Settings DEFAULTS = new Settings(3, Duration.ofMinutes(10));
    }

    /** What failover reports as it goes, for metering; every method has a do-nothing default. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** About to call {@code candidate}; {@code failed} is the candidate that failed just before it (null at first). */
        default void attempting(Candidate candidate, Candidate failed) {}

        /**
         * {@code candidate} failed with {@code error} and failover moves on; an error that ends the
         * request is not reported here: it reaches the caller as the thrown exception.
         */
        default void failedOver(Candidate candidate, GatewayError error) {}

        /** A failure of {@code candidate}, a target of a route, opened its breaker: once per opening. */
        default void breakerOpened(Candidate candidate) {}
    }

    /** The answer, who gave it, and how many candidates were called for it. */
    public record Served<T>(Candidate candidate, T result, int attempts) {}

    private final TargetHealth health;
    private final Settings settings;
    private final LongSupplier nanoTime;

    public Failover(TargetHealth health, Settings settings) {
        this(health, settings, System::nanoTime);
    }

    Failover(TargetHealth health, Settings settings, LongSupplier nanoTime) {
        this.health = health;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    public static boolean worthFailover(GatewayError e) {
        return e.isUpstream() && (e.status() == 429 || e.status() >= 500);
    }

    public Served<Completion> complete(Routing routing, ChatRequest request) {
        return complete(routing, request, Listener.NONE);
    }

    public Served<Completion> complete(Routing routing, ChatRequest request, Listener listener) {
        return complete(routing, listener, c -> c.provider().complete(request, c.model()));
    }

    /** A buffered call of any API shape (chat, Messages, embeddings) under the same failover rules. */
    public <T> Served<T> complete(Routing routing, Listener listener, Function<Candidate, T> call) {
        try {
            return run(routing, listener, (c, attempt) -> call.apply(c));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a buffered call writes nothing to the client
        }
    }

    /**
     * Streams from the first candidate that gets as far as its first chunk. {@code beforeFirstByte}
     * runs once, for the serving candidate, just before its first chunk goes to the client (while
     * headers can still be set).
     */
    public Served<StreamResult> stream(Routing routing, ChatRequest request, ChunkSink client,
                                       Consumer<Candidate> beforeFirstByte) throws IOException {
        return stream(routing, request, client, beforeFirstByte, Listener.NONE);
    }

    public Served<StreamResult> stream(Routing routing, ChatRequest request, ChunkSink client,
                                       Consumer<Candidate> beforeFirstByte, Listener listener) throws IOException {
        return stream(routing, client, beforeFirstByte, listener, (c, sink) -> c.provider().stream(request, c.model(), sink));
    }

    /** A stream of any API shape; {@code call} writes to the sink it is given, which tracks the first chunk. */
    public <T> Served<T> stream(Routing routing, ChunkSink client, Consumer<Candidate> beforeFirstByte, Listener listener,
                                StreamCall<T> call) throws IOException {
        return run(routing, listener, (c, attempt) -> call.call(c, chunk -> {
            if (!attempt.committed) {
                beforeFirstByte.accept(c);
                attempt.committed = true;
                attempt.firstByteAt = nanoTime.getAsLong();
            }
            client.send(chunk);
        }));
    }

    private <T> Served<T> run(Routing routing, Listener listener, Call<T> call) throws IOException {
        long deadline = nanoTime.getAsLong() + settings.deadline().toNanos();
        GatewayError last = null;
        Candidate failed = null;
        int attempts = 0;
        for (Candidate candidate : callable(routing)) {
            if (attempts >= settings.maxAttempts() || (attempts > 0 && nanoTime.getAsLong() - deadline > 0)) break;
            attempts++;
            // The previous failure is reported only now that another call follows: the one that ends
            // the request reaches the caller as the thrown error, and is counted there once.
            if (failed != null) listener.failedOver(failed, last);
            listener.attempting(candidate, failed);
            Attempt attempt = new Attempt(nanoTime.getAsLong());
            try {
                T result = call.call(candidate, attempt);
                long end = attempt.firstByteAt != 0 ? attempt.firstByteAt : nanoTime.getAsLong();
                health.success(candidate.key(), end - attempt.startedAt);
                return new Served<>(candidate, result, attempts);
            } catch (GatewayError e) {
                // An interrupted caller (its client left) is no fault of the target: stop, count nothing.
                if (!worthFailover(e) || Thread.currentThread().isInterrupted()) throw e;
                // Only a route's targets (named by the operator, so few) are reported; an unrouted model never consults its breaker.
                if (health.failure(candidate.key(), e.retryAfter()) && routing.routed()) listener.breakerOpened(candidate);
                if (attempt.committed || !routing.routed()) throw e;
                log.warn("{} failed with {} {} (model '{}', attempt {})", Printable.escape(candidate.key()), e.status(),
                        Printable.escape(e.code()), Printable.escape(routing.model()), attempts);
                last = e;
                failed = candidate;
            }
        }
        throw last;
    }

    /** The candidates that may be called now, in order; see the class comment for the rules. */
    private List<Candidate> callable(Routing routing) {
        List<Candidate> all = routing.candidates();
        if (!routing.routed()) return all;
        List<Candidate> callable = Selection.callable(all, health);
        if (!callable.isEmpty()) return callable;
        long wait = all.stream().mapToLong(c -> health.retryAfterNanos(c.key())).min().orElse(0);
        Duration retryAfter = Duration.ofNanos(wait);
        throw GatewayError.rateLimited("Every target of model '" + routing.model()
                + "' is rate-limited by its provider; retry after " + Math.max(1, retryAfter.toSeconds()) + " s.", retryAfter);
    }

    /** One streaming attempt at {@code candidate}, writing to {@code sink}. */
    @FunctionalInterface
    public interface StreamCall<T> {
        T call(Candidate candidate, ChunkSink sink) throws IOException;
    }

    @FunctionalInterface
    private interface Call<T> {
        T call(Candidate candidate, Attempt attempt) throws IOException;
    }

    /** One call's timing, and whether its stream has reached the client (then it can no longer fail over). */
    private static final class Attempt {
        final long startedAt;
        long firstByteAt;
        boolean committed;

        Attempt(long startedAt) {
            this.startedAt = startedAt;
        }
    }
}
