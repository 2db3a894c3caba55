package dev.llmgateway.core.providers;

import dev.llmgateway.core.spi.Auth;

/** How a provider expects its key: the header that carries it, or AWS SigV4 signing through the SDK. */
public enum AuthStyle {
    /** {@code Authorization: Bearer <key>}: OpenAI and most compatible providers. */
    BEARER,
    /** {@code api-key: <key>}: Azure OpenAI. */
    API_KEY,
    /** {@code x-api-key: <key>}: Anthropic. */
    X_API_KEY,
    /** {@code x-goog-api-key: <key>}: the Gemini API. */
    X_GOOG_API_KEY,
    /** Signed by the AWS SDK with credentials from the default chain; no key variable. */
    SIGV4;

    /** The header for {@code key}; none without a key (a keyless local server) or for SigV4. */
    public Auth with(String key) {
        if (key == null) return Auth.NONE;
        return switch (this) {
            case BEARER -> Auth.bearer(key);
            case API_KEY -> Auth.header("api-key", key);
            case X_API_KEY -> Auth.header("x-api-key", key);
            case X_GOOG_API_KEY -> Auth.header("x-goog-api-key", key);
            case SIGV4 -> Auth.NONE;
        };
    }
}
