package dev.llmgateway.core.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Creates API keys and hashes them for storage: HMAC-SHA256 with a server-side pepper
 * ({@code API_KEY_PEPPER}) when one is configured, so a leaked table alone cannot be used to test
 * guesses, else SHA-256. Keys carry 238 bits of randomness, so a plain hash needs no salt.
 * Changing the pepper invalidates every stored key.
 */
public final class ApiKeys {
    public static final String KEY_PREFIX = "sk-gw-";
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final int RANDOM_CHARS = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pepper;

    public ApiKeys(String pepper) {
        this.pepper = pepper == null || pepper.isEmpty() ? null : pepper.getBytes(StandardCharsets.UTF_8);
    }

    /** A new random key; it is shown to its owner once and only its hash is kept. */
    public String generate() {
        char[] out = new char[RANDOM_CHARS];
        for (int i = 0; i < out.length; i++) out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return KEY_PREFIX + new String(out);
    }

    /** The lower-case hex hash under which a key is stored and looked up. */
    public String hash(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        try {
            if (pepper == null) return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(bytes));
        } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What may be shown of a key: its first 10 characters. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(10, key.length()));
    }
}
