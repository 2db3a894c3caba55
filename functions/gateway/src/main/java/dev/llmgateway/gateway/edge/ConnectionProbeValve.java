package dev.llmgateway.gateway.edge;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Gives each request a {@link ClientConnection} backed by Tomcat's own non-blocking read: once the
 * body has been read, asking the connector what is available makes it try one read on the socket,
 * which reports end-of-stream when the client has closed. Bytes that arrive instead stay in Tomcat's
 * buffer for the next request, so nothing is consumed; a client pipelining a second request behind a
 * POST (which RFC 9112 tells clients not to do) would read as closed.
 */
public final class ConnectionProbeValve extends ValveBase {
    public ConnectionProbeValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        request.setAttribute(ClientConnection.ATTRIBUTE, (ClientConnection) () -> {
            coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
            return coyote.getAvailable() > 0;
        });
        getNext().invoke(request, response);
    }
}
