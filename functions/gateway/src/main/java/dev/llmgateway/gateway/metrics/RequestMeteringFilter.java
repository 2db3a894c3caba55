package dev.llmgateway.gateway.metrics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import dev.llmgateway.core.http.UpstreamTrace;
import dev.llmgateway.shared.edge.RequestIds;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first and last thing a request passes: gives it its id ({@code x-request-id}, in the MDC for
 * every log line), starts its {@link RequestMeter} on arrival, stamps
 * {@value RequestMeter#OVERHEAD_HEADER} (and the provider called) on the response just before the body starts, and closes the
 * meter once the response is complete (flushed to the client), so nothing a sink does (EMF, a
 * remote-write push) can delay or fail the response.
 */
public final class RequestMeteringFilter extends OncePerRequestFilter {
    static final String ATTRIBUTE = RequestMeter.class.getName();
    /** The MDC key of the request id. */
    public static final String MDC_REQUEST_ID = "request_id";
    /** The MDC key of the trace id, when tracing is on. */
    public static final String MDC_TRACE_ID = "trace_id";
    /** The provider that served, or that failover called last (errors included). */
    public static final String PROVIDER_HEADER = "X-Gateway-Provider";

    private final Metering metering;
    private final RequestTraces traces;
    private final boolean beforeLastBytes;

    public RequestMeteringFilter(Metering metering) {
        this(metering, RequestTraces.NONE);
    }

    public RequestMeteringFilter(Metering metering, RequestTraces traces) {
        this(metering, traces, false);
    }

    /**
     * @param beforeLastBytes close the meter (and so run the sinks: an inline remote-write push, the
     *     span flush) before the last buffered bytes go out. On Lambda the invocation ends when the
     *     client has the whole body, and the environment may freeze at once.
     */
    public RequestMeteringFilter(Metering metering, RequestTraces traces, boolean beforeLastBytes) {
        this.metering = metering;
        this.traces = traces;
        this.beforeLastBytes = beforeLastBytes;
    }

    /** The meter of this request, counting it as an API request (called by the handler's argument resolver). */
    static RequestMeter meterOf(HttpServletRequest request) {
        if (!(request.getAttribute(ATTRIBUTE) instanceof RequestMeter meter)) {
            throw new IllegalStateException("no RequestMeter: RequestMeteringFilter is not installed");
        }
        meter.count();
        return meter;
    }

    /** The meter of this request without counting it, or null outside the filter (the audit record reads it). */
    public static RequestMeter current(jakarta.servlet.ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestMeter meter ? meter : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String api = api(request.getRequestURI());
        RequestMeter meter = metering.start(RequestIds.of(request.getHeader(RequestIds.HEADER)), api, traces.start(request::getHeader, api));
        request.setAttribute(ATTRIBUTE, meter);
        response.setHeader(RequestIds.HEADER, meter.requestId());
        // Every log line of the request carries its id (a field of the JSON log, a prefix of the plain one).
        MDC.put(MDC_REQUEST_ID, meter.requestId());
        String traceId = meter.trace().traceId();
        if (traceId != null) MDC.put(MDC_TRACE_ID, traceId);
        OverheadStamp stamped = new OverheadStamp(response, meter);
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR; // if something escapes the error handlers
        try {
            chain.doFilter(request, stamped);
            status = response.getStatus();
            if (beforeLastBytes) {
                stamped.stampNow(); // the headers are still open: what was not yet sent gets them
                meter.close(status);
            }
            stamped.finish();
        } catch (IOException e) {
            if (!response.isCommitted()) throw e;
            meter.clientDisconnected(); // the final flush failed: the client is gone
        } finally {
            try {
                meter.close(status);
            } finally {
                MDC.remove(MDC_REQUEST_ID);
                MDC.remove(MDC_TRACE_ID);
                UpstreamTrace.clear();
            }
        }
    }

    /**
     * The API a {@code /v1} path names, as the audit record, the access log and the metrics give it:
     * {@code /v1/chat/completions} is {@code chat.completions}, {@code /v1/messages/count_tokens}
     * {@code messages.count_tokens}; ids in a path ({@code /v1/responses/{id}}, {@code /v1/models/{id}})
     * are the client's and are left out. Anything that is not a plain name is {@code other}.
     */
    public static String api(String path) {
        if (path == null || !path.startsWith("/v1/")) return null;
        String[] segments = path.substring("/v1/".length()).split("/", -1);
        String api = switch (segments[0]) {
            case "responses" -> segments.length == 3 && segments[2].equals("input_items") ? "responses.input_items" : "responses";
            case "models" -> "models";
            default -> String.join(".", segments);
        };
        return api.matches("[a-z0-9_.-]{1,40}") ? api : "other";
    }

    /** Sets the overhead header at the last moment headers can still change: when the body is first touched. */
    private static final class OverheadStamp extends HttpServletResponseWrapper {
        private final RequestMeter meter;
        private boolean stamped;

        OverheadStamp(HttpServletResponse response, RequestMeter meter) {
            super(response);
            this.meter = meter;
        }

        private void stamp() {
            if (stamped || isCommitted()) return;
            stamped = true;
            setHeader(RequestMeter.OVERHEAD_HEADER, meter.overheadMillis());
            // An error response may have been reset: the id and the provider called are on every answer.
            if (getHeader(RequestIds.HEADER) == null) setHeader(RequestIds.HEADER, meter.requestId());
            String called = meter.calledProvider();
            if (called != null && getHeader(PROVIDER_HEADER) == null) setHeader(PROVIDER_HEADER, called);
            // A stream's cost is known only at its end: it comes as the stream's last comment instead.
            if (!meter.streaming()) setHeader(RequestMeter.COST_HEADER, meter.costUsd());
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            stamp();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            stamp();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            stamp();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc) throws IOException {
            stamp();
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            stamp();
            super.sendError(sc, msg);
        }

        void stampNow() {
            stamp();
        }

        /** Sends whatever is still buffered, so the client has the whole response before the meter closes. */
        void finish() throws IOException {
            flushBuffer();
        }
    }
}
