package dev.llmgateway.shared.edge;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Request ids: the client's {@code x-request-id} when it is well formed (at most 128 characters of
 * letters, digits and {@code . _ : -}, starting with a letter or digit), so a caller's own id
 * follows the request through logs, audit and traces; otherwise {@code req_} and 32 random hex
 * digits. Nothing else from the header is ever echoed, so the id is safe in a log line, a header
 * and a span attribute as it is.
 */
public final class RequestIds {
    public static final String HEADER = "x-request-id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    /** The client's id when well formed, else a new one. */
    public static String of(String offered) {
        return offered != null && WELL_FORMED.matcher(offered).matches() ? offered : generate();
    }

    public static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
