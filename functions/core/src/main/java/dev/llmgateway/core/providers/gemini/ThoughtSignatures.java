package dev.llmgateway.core.providers.gemini;

/**
 * Carries Gemini's {@code thoughtSignature} through OpenAI clients inside the tool-call id. Gemini 3
 * rejects a function-call turn sent back without the signature it was issued with, and OpenAI's
 * schema has no field for it, but every client echoes tool-call ids verbatim. The id becomes
 * {@code <id>__thought__<signature>}, the signature in URL-safe base64 without padding so the id
 * stays within {@code [A-Za-z0-9_-]} (the alphabet other providers accept for ids).
 */
final class ThoughtSignatures {
    static final String MARKER = "__thought__";
    /**
     * Gemini's documented stand-in for a function call whose signature is unknown (a history
     * written by another model, or ids rewritten by the client); it skips the validation.
     */
    static final String SKIP_VALIDATION = "skip_thought_signature_validator";

    private ThoughtSignatures() {}

    /** The OpenAI tool-call id for a Gemini function call with this (possibly null) signature. */
    static String toolCallId(String id, String signature) {
        if (signature == null || signature.isEmpty()) return id;
        String urlSafe = signature.replace('+', '-').replace('/', '_');
        int end = urlSafe.length();
        while (end > 0 && urlSafe.charAt(end - 1) == '=') end--;
        return id + MARKER + urlSafe.substring(0, end);
    }

    /** The signature a tool-call id carries, in the standard base64 Gemini issued it in; null if none. */
    static String signature(String toolCallId) {
        if (toolCallId == null) return null;
        int at = toolCallId.indexOf(MARKER);
        if (at < 0) return null;
        String urlSafe = toolCallId.substring(at + MARKER.length());
        if (urlSafe.isEmpty()) return null;
        StringBuilder standard = new StringBuilder(urlSafe.replace('-', '+').replace('_', '/'));
        while (standard.length() % 4 != 0) standard.append('=');
        return standard.toString();
    }
}
