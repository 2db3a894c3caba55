package dev.llmgateway.core.spi;

import java.net.http.HttpRequest;

/**
 * The one header that carries a provider's credential ({@code Authorization: Bearer ...},
 * {@code api-key}, {@code x-api-key}, {@code x-goog-api-key}), or none. {@link #toString()} never
 * shows the value, so an endpoint can be logged.
 */
public record Auth(String header, String value) {
    public static final Auth NONE = new Auth(null, null);

    public static Auth bearer(String key) {
        return new Auth("Authorization", "Bearer " + key);
    }

    public static Auth header(String header, String key) {
        return new Auth(header, key);
    }

    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        return header == null ? request : request.header(header, value);
    }

    @Override
    public String toString() {
        return header == null ? "Auth[none]" : "Auth[" + header + ": ***]";
    }
}
