package dev.llmgateway.shared.audit;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The response as the audit record needs it. A stream ({@code text/event-stream}) passes straight
 * through, hashed as it goes; any other body is held back until {@link #release}, so its record is
 * durable before the client (and the Lambda Web Adapter, whose invocation ends with the response)
 * has the last byte, and a fail-closed gateway can still answer 503 instead.
 */
final class AuditedResponse extends HttpServletResponseWrapper {
    private final MessageDigest digest = HashingRequest.sha256();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long bytes;
    private Boolean streaming; // decided at the first byte
    private ServletOutputStream out;
    private PrintWriter writer;

    AuditedResponse(HttpServletResponse response) {
        super(response);
    }

    boolean streaming() {
        return Boolean.TRUE.equals(streaming);
    }

    /** The body so far when it is held (not a stream), for reading the error code of an error envelope. */
    byte[] heldBody() {
        return held.toByteArray();
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(((MessageDigest) HashingRequest.clone(digest)).digest());
    }

    long bytes() {
        return bytes;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (out == null) {
            out = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    if (length == 0) return;
                    decide();
                    digest.update(buffer, offset, length);
                    bytes += length;
                    if (streaming) {
                        AuditedResponse.super.getOutputStream().write(buffer, offset, length);
                    } else {
                        held.write(buffer, offset, length);
                    }
                }

                @Override
                public void flush() throws IOException {
                    if (streaming()) AuditedResponse.super.getOutputStream().flush();
                }

                @Override
                public void close() throws IOException {
                    flush(); // closing would complete the response before its record is written
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("asynchronous writes are not used by the gateway");
                }
            };
        }
        return out;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) writer.flush();
        if (streaming()) super.flushBuffer();
    }

    /** Replaces a held body by {@code body} with {@code status}, keeping only the headers the caller sets again. */
    void replace(int status, String contentType, byte[] body) {
        held.reset();
        getResponse().reset();
        setStatus(status);
        setContentType(contentType);
        setContentLength(body.length);
        held.writeBytes(body);
    }

    /** Sends the held body (nothing to do for a stream, which went out as written). */
    void release() throws IOException {
        if (writer != null) writer.flush();
        if (streaming()) return;
        if (held.size() > 0) super.getOutputStream().write(held.toByteArray());
    }

    private void decide() {
        if (streaming != null) return;
        String type = getContentType();
        streaming = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    }
}
