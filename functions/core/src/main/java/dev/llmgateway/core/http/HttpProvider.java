package dev.llmgateway.core.http;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.stream.FrameDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A provider reached over HTTP: the transport, time limits and cancellation, written once.
 * All upstream-specific work is delegated to its {@link HttpTranslator}.
 */
public class HttpProvider implements Provider {
    /** Bounds how much of an upstream error body is read: enough for any error message. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final String name;
    private final HttpTranslator translator;
    private final UpstreamHttp http;
    private final Timeouts timeouts;
    private final Supplier<List<String>> models;

    public HttpProvider(String name, HttpTranslator translator, UpstreamHttp http, List<String> models) {
        this(name, translator, http, () -> models);
    }

    public HttpProvider(String name, HttpTranslator translator, UpstreamHttp http, Supplier<List<String>> models) {
        this.name = name;
        this.translator = translator;
        this.http = http;
        this.timeouts = http.timeouts();
        this.models = models;
    }

    @Override
    public String name() {
        return name;
    }

    /** The pure translation half, for work that needs no I/O (SnapStart priming, the JMH benchmarks). */
    public HttpTranslator translator() {
        return translator;
    }

    @Override
    public List<String> models() {
        return models.get();
    }

    @Override
    public Completion complete(ChatRequest request, String model) {
        return complete(translator.call(request, model, false));
    }

    /** Sends one translated call and reads its buffered answer; errors are mapped by the translator. */
    protected Completion complete(HttpTranslator.Call call) {
        return exchange(call.request(), call::response);
    }

    /**
     * Sends {@code upstream} and reads its buffered 2xx answer with {@code reader}, under the same
     * time and size limits and error mapping as every buffered call (one batch of several, for embeddings).
     */
    protected <T> T exchange(HttpRequest request, java.util.function.Function<byte[], T> reader) {
        HttpRequest upstream = UpstreamTrace.apply(request);
        CompletableFuture<HttpResponse<byte[]>> sent = http.client().sendAsync(upstream, BoundedBody.handler(http.maxResponseBytes()));
        HttpResponse<byte[]> response;
        try {
            response = sent.get(timeouts.request().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw timeouts.unanswered(name);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw GatewayError.upstreamUnavailable(name, "call was interrupted", e);
        } catch (ExecutionException e) {
            if (tooLarge(e)) {
                throw GatewayError.upstream(502, "upstream_error", "Provider '" + name + "' answered with more than "
                        + http.maxResponseBytes() + " bytes, the gateway's limit for a buffered answer ("
                        + UpstreamHttp.MAX_RESPONSE_BYTES_VARIABLE + "); ask for less, or stream.", null,
                        "upstream_response_too_large", null);
            }
            throw transportFailure(e.getCause(), upstream);
        }
        if (response.statusCode() / 100 != 2) {
            byte[] body = response.body();
            throw translator.error(response.statusCode(), response.headers(),
                    body.length > MAX_ERROR_BODY ? java.util.Arrays.copyOf(body, MAX_ERROR_BODY) : body);
        }
        try {
            return reader.apply(response.body());
        } catch (UncheckedIOException e) {
            throw GatewayError.upstreamUnavailable(name, "returned a body the gateway could not parse", e);
        }
    }

    @Override
    public StreamResult stream(ChatRequest request, String model, ChunkSink sink) throws IOException {
        return stream(translator.call(request, model, true), sink);
    }

    /** Sends one translated call and pumps its stream into {@code sink} as it arrives. */
    protected StreamResult stream(HttpTranslator.Call call, ChunkSink sink) throws IOException {
        HttpRequest upstream = UpstreamTrace.apply(call.request());
        HttpResponse<InputStream> response;
        try {
            response = http.client().send(upstream, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayError.upstreamUnavailable(name, "call was interrupted", e);
        } catch (IOException e) {
            throw transportFailure(e, upstream);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw translator.error(response.statusCode(), response.headers(), body.readNBytes(MAX_ERROR_BODY));
            }
            return pump(body, translator.frameDecoder(), call.stream(sink));
        }
        // Closing the body (try-with-resources) cancels the upstream exchange, whichever way we leave.
    }

    /** Reads the body as it arrives, guarded by an idle timer that aborts a silent upstream. */
    private StreamResult pump(InputStream body, FrameDecoder decoder, StreamTranslator stream) throws IOException {
        IdleGuard guard = new IdleGuard(body);
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = readUpstream(body, buffer, guard)) >= 0) {
                guard.touch();
                decoder.feed(buffer, 0, n, stream::onFrame);
            }
            if (guard.fired()) { // a closed body may read as a clean end
                throw timeouts.silent(name);
            }
            decoder.finish(stream::onFrame);
            return stream.finish();
        } catch (UncheckedIOException e) {
            throw GatewayError.upstreamUnavailable(name, "sent a stream event the gateway could not parse", e);
        } finally {
            guard.cancel();
        }
    }

    /** A read from the upstream; its failures are upstream failures, unlike writes to the client. */
    private int readUpstream(InputStream body, byte[] buffer, IdleGuard guard) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            if (guard.fired()) throw timeouts.silent(name);
            throw GatewayError.upstreamUnavailable(name, "stream broke off", e);
        }
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) return true;
        }
        return false;
    }

    /** Names the upstream's origin (never its path or query, which may carry credentials) in the message. */
    private GatewayError transportFailure(Throwable cause, HttpRequest upstream) {
        String origin = upstream.uri().getScheme() + "://" + upstream.uri().getAuthority();
        if (cause instanceof GatewayError g) return g;
        if (cause instanceof HttpConnectTimeoutException) {
            return GatewayError.upstreamTimeout(name, "could not be connected to in time at " + origin);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeouts.unanswered(name);
        }
        if (cause instanceof ConnectException) {
            return GatewayError.upstreamUnavailable(name, "is unreachable at " + origin, cause);
        }
        return GatewayError.upstreamUnavailable(name, "call failed", cause);
    }

    /** Closes the upstream body when no bytes arrived for the idle timeout, unblocking the reader. */
    private final class IdleGuard implements Runnable {
        private final InputStream body;
        private final AtomicBoolean fired = new AtomicBoolean();
        private final ScheduledFuture<?> task;
        private volatile long lastRead = System.nanoTime();

        IdleGuard(InputStream body) {
            this.body = body;
            long period = Math.max(10, timeouts.streamIdle().toMillis() / 4);
            this.task = http.timer().scheduleAtFixedRate(this, period, period, TimeUnit.MILLISECONDS);
        }

        void touch() {
            lastRead = System.nanoTime();
        }

        boolean fired() {
            return fired.get();
        }

        void cancel() {
            task.cancel(false);
        }

        @Override
        public void run() {
            if (System.nanoTime() - lastRead > timeouts.streamIdle().toNanos() && fired.compareAndSet(false, true)) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // closing is the abort; nothing more to do
                }
                task.cancel(false);
            }
        }
    }
}
