package dev.llmgateway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that the HTTP server itself refuses, before any controller sees them, still get OpenAI's
 * error envelope as JSON with the right status, and no page or header names the server. Each is
 * sent as raw bytes, since no HTTP client would send them.
 */
class ServerErrorsE2eTest extends GatewayE2eTest {
    private static final String BIG = "a".repeat(64 * 1024);

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("garbage request line", "GARBAGE\r\n\r\n", 400),
                Arguments.of("NUL in a header", "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Note: a\0b\r\n\r\n", 400),
                Arguments.of("101 headers", "GET /health HTTP/1.1\r\nHost: localhost\r\n" + headers(101) + "\r\n", 400),
                Arguments.of("64 KB header", "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + BIG + "\r\n\r\n", 400),
                Arguments.of("64 KB query string", "GET /health?q=" + BIG + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
                Arguments.of("64 KB Authorization", "GET /v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + BIG + "\r\n\r\n", 400),
                Arguments.of("two Content-Length headers", "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
                Arguments.of("absolute-form URI naming another host", "GET http://other.example/health HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
                Arguments.of("encoded slash in the path", "GET /admin%2ftenants HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
                Arguments.of("backslash in the path", "GET /v1\\models HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
                Arguments.of("HTTP/1.2", "GET /health HTTP/1.2\r\nHost: localhost\r\n\r\n", 505));
    }

    private static String headers(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) out.append("X-H").append(i).append(": v\r\n");
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void theServersOwnRefusalsAreJsonErrorEnvelopes(String name, String request, int status) throws Exception {
        RawResponse response = send(request);

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).as(response.toString()).startsWith("application/json");
        assertThat(response.headers()).as("no server banner").doesNotContainKey("server");
        assertThat(response.headers().get("x-request-id")).as("a request id, as on every answer").matches("req_[0-9a-f]{32}");
        JsonNode error = Json.tree(response.body()).get("error");
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("code").asText()).isNotBlank();
        assertThat(response.body()).doesNotContainIgnoringCase("tomcat").doesNotContain("<html").doesNotContain("Exception");
        assertThat(get("/health").statusCode()).as("still serving").isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void aRefusalKeepsTheClientsWellFormedRequestId() throws Exception {
        RawResponse response = send("GET /health HTTP/1.1\r\nHost: localhost\r\nx-request-id: client-7\r\nX-Note: a\0b\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().get("x-request-id")).isEqualTo("client-7");
    }

    record RawResponse(int status, Map<String, String> headers, String body) {}

    /** Sends raw bytes and reads one response: headers, then Content-Length bytes (or up to the close). */
    private RawResponse send(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            byte[] body = headers.containsKey("content-length")
                    ? in.readNBytes(Integer.parseInt(headers.get("content-length")))
                    : readToClose(in);
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) return text.substring(0, text.length() - 4);
        }
        throw new IOException("connection closed before the response headers ended: " + head.toString(StandardCharsets.ISO_8859_1));
    }

    private static byte[] readToClose(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
