package dev.llmgateway.core.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Builds upstream JSON POSTs the same way for every provider. */
public final class JsonRequests {
    private JsonRequests() {}

    /**
     * A JSON POST to {@code url}. Plain-HTTP upstreams (Ollama, local fakes) get HTTP/1.1, since an
     * h2c upgrade attempt buys nothing there; TLS upstreams negotiate HTTP/2.
     */
    public static HttpRequest.Builder post(String url, byte[] body, Duration timeout, boolean stream) {
        URI uri = URI.create(url);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream, application/x-ndjson, application/json" : "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if ("http".equalsIgnoreCase(uri.getScheme())) builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
        return builder;
    }
}
