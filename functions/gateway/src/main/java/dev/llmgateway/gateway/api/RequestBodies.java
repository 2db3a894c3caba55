package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a request body up to a limit, failing with 413 as soon as the limit is crossed. */
final class RequestBodies {
    private RequestBodies() {}

    static byte[] read(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) throw GatewayError.tooLarge(limit);
        InputStream in = request.getInputStream();
        if (declared >= 0 && declared < Integer.MAX_VALUE) {
            // The usual case (the SDKs send Content-Length): straight into an array of that size, no
            // scratch buffer and no copy. The server ends the stream at the declared length.
            byte[] body = new byte[(int) declared];
            int off = 0;
            int n;
            while (off < body.length && (n = in.read(body, off, body.length - off)) >= 0) off += n;
            return off == body.length ? body : Arrays.copyOf(body, off);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > limit) throw GatewayError.tooLarge(limit);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
