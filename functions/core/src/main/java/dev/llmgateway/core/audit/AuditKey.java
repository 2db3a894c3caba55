package dev.llmgateway.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA256 key that chains audit records; its bytes never leave this object. */
public final class AuditKey {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    /** Mac instances are not thread-safe, and creating one per record costs more than the MAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public AuditKey(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("The audit HMAC key must be at least 16 characters.");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** A key that lives only as long as this process: for a log that does not outlive it either. */
    public static AuditKey random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new AuditKey(HexFormat.of().formatHex(bytes));
    }

    /** Hex HMAC-SHA256 of {@code text} (UTF-8). */
    public String mac(String text) {
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Constant-time comparison of a stored MAC with the one {@code text} should have. */
    public boolean verifies(String text, String mac) {
        return mac != null && MessageDigest.isEqual(mac(text).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hex SHA-256 of {@code bytes}: how bodies are recorded. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "AuditKey[hidden]";
    }
}
