package dev.llmgateway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The body as sent, with or without a declared length, read in pieces as a socket delivers them; 413 past the limit. */
class RequestBodiesTest {
    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    /** A request whose stream hands out at most {@code piece} bytes per read, like a socket. */
    private static MockHttpServletRequest request(byte[] content, long declaredLength, int piece) {
        return new MockHttpServletRequest("POST", "/v1/chat/completions") {
            @Override
            public long getContentLengthLong() {
                return declaredLength;
            }

            @Override
            public ServletInputStream getInputStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(content);
                return new ServletInputStream() {
                    @Override
                    public int read() {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return in.read(b, off, Math.min(len, piece));
                    }

                    @Override
                    public boolean isFinished() {
                        return in.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
    }

    @Test
    void aDeclaredLengthIsReadWholeWhateverTheReadsDeliver() throws IOException {
        for (int piece : new int[] {1, 7, BODY.length, 8192}) {
            assertThat(RequestBodies.read(request(BODY, BODY.length, piece), 1024)).isEqualTo(BODY);
        }
    }

    @Test
    void aBodyWithoutLengthIsReadToItsEnd() throws IOException {
        for (int piece : new int[] {1, 7, 8192}) {
            assertThat(RequestBodies.read(request(BODY, -1, piece), 1024)).isEqualTo(BODY);
        }
    }

    @Test
    void aStreamThatEndsBeforeTheDeclaredLengthGivesWhatArrived() throws IOException {
        assertThat(RequestBodies.read(request(BODY, BODY.length + 10, 5), 1024)).isEqualTo(BODY);
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertThat(RequestBodies.read(request(new byte[0], 0, 8), 1024)).isEmpty();
    }

    @Test
    void pastTheLimitIs413WithOrWithoutALength() {
        assertThatThrownBy(() -> RequestBodies.read(request(BODY, BODY.length, 8), BODY.length - 1))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> RequestBodies.read(request(BODY, -1, 8), BODY.length - 1))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
