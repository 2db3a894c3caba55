package dev.llmgateway.gateway.metrics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first and last thing a request passes: starts its {@link RequestMeter} on arrival, stamps
 * {@value RequestMeter#OVERHEAD_HEADER} on the response just before the body starts, and closes the
 * meter once the response is complete (flushed to the client), so nothing a sink does (EMF, a
 * remote-write push) can delay or fail the response.
 */
public final class RequestMeteringFilter extends OncePerRequestFilter {
    static final String ATTRIBUTE = RequestMeter.class.getName();

    private final Metering metering;

    public RequestMeteringFilter(Metering metering) {
        this.metering = metering;
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
        RequestMeter meter = metering.start();
        request.setAttribute(ATTRIBUTE, meter);
        OverheadStamp stamped = new OverheadStamp(response, meter);
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR; // if something escapes the error handlers
        try {
            chain.doFilter(request, stamped);
            status = response.getStatus();
            stamped.finish();
        } catch (IOException e) {
            if (!response.isCommitted()) throw e;
            meter.clientDisconnected(); // the final flush failed: the client is gone
        } finally {
            meter.close(status);
        }
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

        /** Sends whatever is still buffered, so the client has the whole response before the meter closes. */
        void finish() throws IOException {
            flushBuffer();
        }
    }
}
