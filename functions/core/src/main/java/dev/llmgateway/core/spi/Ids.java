package dev.llmgateway.core.spi;

import java.security.SecureRandom;

/**
 * Identifiers in OpenAI's formats, for answers and tool calls from upstreams that give none.
 * Drawn from {@link SecureRandom}, which reads fresh system entropy: a generator seeded once
 * (such as {@code ThreadLocalRandom}'s shared seeder) would repeat the same ids in every
 * execution environment restored from one Lambda SnapStart snapshot.
 */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    /** The largest multiple of the alphabet size below 256: bytes at or above it are redrawn, so no letter is favoured. */
    private static final int UNBIASED_LIMIT = 256 - 256 % ALPHABET.length;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String completion() {
        return "chatcmpl-" + random(29);
    }

    public static String toolCall() {
        return "call_" + random(24);
    }

    /** A Responses API id: {@code resp_}, {@code msg_}, {@code fc_} or {@code rs_} and 48 random characters. */
    public static String responses(String prefix) {
        return prefix + random(48);
    }

    static String random(int length) {
        char[] out = new char[length];
        byte[] bytes = new byte[length + 8];
        int filled = 0;
        while (filled < length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int b = bytes[i] & 0xff;
                if (b < UNBIASED_LIMIT) out[filled++] = ALPHABET[b % ALPHABET.length];
            }
        }
        return new String(out);
    }
}
