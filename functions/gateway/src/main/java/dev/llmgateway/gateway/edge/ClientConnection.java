package dev.llmgateway.gateway.edge;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether the client of a request has closed its connection, asked without writing to it. The
 * servlet API has no such question (a container learns of a disconnect only when it next writes),
 * so {@link ConnectionProbeValve} answers it from Tomcat and leaves the answer on the request.
 */
@FunctionalInterface
public interface ClientConnection {
    String ATTRIBUTE = ClientConnection.class.getName();

    /** A request served by something other than Tomcat: never known to be closed. */
    ClientConnection UNKNOWN = () -> false;

    /**
     * True once the client has closed its side. Valid only after the request body has been read
     * whole, and only from the thread that owns the request or while that thread is blocked elsewhere.
     */
    boolean closed();

    static ClientConnection of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ClientConnection c ? c : UNKNOWN;
    }
}
