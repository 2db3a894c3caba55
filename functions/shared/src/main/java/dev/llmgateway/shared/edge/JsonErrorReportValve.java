package dev.llmgateway.shared.edge;

import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's last word on a failed request, in OpenAI's envelope instead of its HTML page (which names
 * the server and its version). It renders only what nothing else rendered: requests the connector
 * refused before any servlet ran; errors inside the application are answered by its error handlers.
 * Such answers carry an {@code x-request-id} as every other does.
 */
public final class JsonErrorReportValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(JsonErrorReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) return;
        byte[] body = Json.bytes(ContainerErrors.forStatus(status).envelope());
        try {
            // No filter ran, so no id was given: this answer gets one too (the client's if well formed).
            String requestId = response.getHeader(RequestIds.HEADER);
            if (requestId == null) {
                requestId = RequestIds.of(request.getHeader(RequestIds.HEADER));
                response.setHeader(RequestIds.HEADER, requestId);
            }
            log.info("{} refused by the server before any handler: request_id={}", status, requestId);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to say
        }
    }
}
