package dev.llmgateway.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 keep-alive client over one socket. It does nothing a benchmark does
 * not need (no pooling, no async hand-offs, no TLS), so the time it measures is the server's, and
 * it timestamps the first streamed event as soon as its terminator arrives.
 */
final class Connection implements AutoCloseable {
    /** One exchange: status, and nanoTime stamps of the first complete event and of the end of the body. */
    record Result(int status, long firstEventNanos, long endNanos, int events, int bodyBytes) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean mustReconnect;

    // per-exchange event detection
    private byte eventTerminator;
    private boolean lastWasTerminator;
    private int events;
    private long firstEvent;
    // the start of a non-200 body, to report what a server said when it refused
    private final StringBuilder errorBody = new StringBuilder();
    private boolean keepErrorBody;

    Connection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends {@code request} (a complete HTTP request) and reads the whole response. An event ends at
     * a blank line for SSE ({@code sse}) or at a newline for NDJSON and plain JSON bodies.
     */
    Result exchange(byte[] request, boolean sse) throws IOException {
        if (socket == null || mustReconnect) connect();
        out.write(request);
        out.flush();
        eventTerminator = '\n';
        lastWasTerminator = false;
        events = 0;
        firstEvent = 0;
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        keepErrorBody = status != 200;
        errorBody.setLength(0);
        long contentLength = -1;
        boolean chunked = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) contentLength = Long.parseLong(value);
            else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
            else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) mustReconnect = true;
        }
        int bodyBytes;
        if (chunked) {
            bodyBytes = 0;
            long size;
            while ((size = Long.parseLong(stripExtensions(line()), 16)) > 0) {
                body(size, sse);
                bodyBytes += (int) size;
                if (!line().isEmpty()) throw new IOException("malformed chunk");
            }
            while (!line().isEmpty()) { } // trailers
        } else if (contentLength >= 0) {
            body(contentLength, sse);
            bodyBytes = (int) contentLength;
        } else {
            throw new IOException("response without length");
        }
        long end = System.nanoTime();
        if (events == 0 && bodyBytes > 0) events = 1; // a JSON body without a trailing newline
        return new Result(status, firstEvent == 0 ? end : firstEvent, end, events, bodyBytes);
    }

    /** The first 300 bytes of the last answer if its status was not 200, else empty. */
    String errorBody() {
        return errorBody.toString();
    }

    private void body(long size, boolean sse) throws IOException {
        long left = size;
        while (left > 0) {
            if (pos == lim) fill();
            int n = (int) Math.min(left, lim - pos);
            scan(pos, n, sse);
            if (keepErrorBody) {
                for (int i = pos; i < pos + n && errorBody.length() < 300; i++) errorBody.append((char) (buf[i] & 0xff));
            }
            pos += n;
            left -= n;
        }
    }

    /** Counts events: SSE ends one at "\n\n", NDJSON at "\n". Stamps the first. */
    private void scan(int from, int n, boolean sse) {
        for (int i = from; i < from + n; i++) {
            if (buf[i] == eventTerminator) {
                if (!sse || lastWasTerminator) {
                    if (events++ == 0) firstEvent = System.nanoTime();
                    lastWasTerminator = false;
                } else {
                    lastWasTerminator = true;
                }
            } else if (buf[i] != '\r') {
                lastWasTerminator = false;
            }
        }
    }

    private static String stripExtensions(String sizeLine) {
        int semi = sizeLine.indexOf(';');
        return (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos == lim) fill();
            byte b = buf[pos++];
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            mustReconnect = true;
            throw new EOFException("server closed the connection");
        }
        pos = 0;
        lim = n;
    }

    private void connect() throws IOException {
        close();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        pos = lim = 0;
        mustReconnect = false;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
            socket = null;
        }
    }

    /** A complete POST with a JSON body, pre-encoded once per scenario. */
    static byte[] post(String host, int port, String path, byte[] body, String authorization) {
        return post(host, port, path, body, authorization, java.util.Map.of());
    }

    /** The same with more headers (a gateway's own routing headers). */
    static byte[] post(String host, int port, String path, byte[] body, String authorization, java.util.Map<String, String> headers) {
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Content-Type: application/json\r\nAccept: */*\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + extra
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
