package dev.llmgateway.core.provider;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers in OpenAI's formats, for answers and tool calls from upstreams that give none. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Ids() {}

    public static String completion() {
        return "chatcmpl-" + random(29);
    }

    public static String toolCall() {
        return "call_" + random(24);
    }

    private static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return new String(out);
    }
}
