package dev.llmgateway.core.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The models installed in the Ollama server ({@code GET /api/tags}), as {@code <provider>/<name>}.
 * Cached briefly; an unreachable server lists nothing rather than failing {@code /v1/models}.
 */
final class OllamaModels implements Supplier<List<String>> {
    private static final Duration TTL = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI tagsUri;
    private final String prefix;
    private volatile List<String> cached = List.of();
    private volatile long fetchedAt;

    OllamaModels(HttpClient client, String provider, String baseUrl) {
        this.client = client;
        this.prefix = provider + "/";
        this.tagsUri = URI.create(baseUrl + "/api/tags");
    }

    @Override
    public List<String> get() {
        long now = System.nanoTime();
        if (fetchedAt != 0 && now - fetchedAt < TTL.toNanos()) return cached;
        cached = fetch();
        fetchedAt = now;
        return cached;
    }

    private List<String> fetch() {
        try {
            HttpRequest request = HttpRequest.newBuilder(tagsUri).version(HttpClient.Version.HTTP_1_1)
                    .timeout(Duration.ofSeconds(2)).GET().build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) return List.of();
            List<String> names = new ArrayList<>();
            for (JsonNode model : Json.tree(response.body()).path("models")) {
                String name = model.path("name").asText(model.path("model").asText(""));
                if (!name.isEmpty()) names.add(prefix + name);
            }
            return List.copyOf(names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            return List.of();
        }
    }
}
