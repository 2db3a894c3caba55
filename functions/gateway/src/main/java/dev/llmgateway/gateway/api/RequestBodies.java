package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.GatewayError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, failing with 413 as soon as the limit is crossed. */
final class RequestBodies {
    private RequestBodies() {}

    static byte[] read(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) throw GatewayError.tooLarge(limit);
        InputStream in = request.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
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
