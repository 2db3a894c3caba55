package dev.llmgateway.core.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * What the gateway's tracing adds to the upstream requests made on the current thread: the trace
 * context headers of the attempt in progress ({@code traceparent}, {@code tracestate}), and where
 * the request went (the attempt's {@code server.address}). Set by the gateway around each failover
 * attempt; the upstream call runs on the request's own thread. Without an observer nothing changes.
 */
public final class UpstreamTrace {
    /** The attempt in progress, as tracing sees it. */
    public interface Observer {
        /** Headers to add to each upstream request (empty: none). */
        Map<String, String> headers();

        /** The upstream request is about to be sent to {@code uri}. */
        void sending(URI uri);
    }

    private static final ThreadLocal<Observer> CURRENT = new ThreadLocal<>();

    private UpstreamTrace() {}

    public static void observe(Observer observer) {
        CURRENT.set(observer);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The current thread's observer, or null (for clients that add the headers themselves: {@link UpstreamTraceInterceptor}). */
    public static Observer current() {
        return CURRENT.get();
    }

    /** {@code request} as it is sent: with the attempt's trace headers, and its URI reported. */
    public static HttpRequest apply(HttpRequest request) {
        Observer observer = CURRENT.get();
        if (observer == null) return request;
        observer.sending(request.uri());
        Map<String, String> headers = observer.headers();
        if (headers.isEmpty()) return request;
        HttpRequest.Builder traced = HttpRequest.newBuilder(request, (name, value) -> !headers.containsKey(name.toLowerCase(java.util.Locale.ROOT)));
        headers.forEach(traced::header);
        return traced.build();
    }
}
