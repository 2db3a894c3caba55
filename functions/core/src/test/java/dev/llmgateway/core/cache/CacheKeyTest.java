package dev.llmgateway.core.cache;

import static dev.llmgateway.core.cache.CacheStoreContract.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
    static final List<String> TARGETS = List.of("openai/gpt-4o");
    static final String BASE = "{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hello  there\"}],"
            + "\"response_format\":{\"type\":\"json_object\"}}";

    private static String key(String json) {
        return CacheKey.of("acme", TARGETS, chat(json));
    }

    @Test
    void keyOrderWhitespaceAndTheSpellingOfANumberDoNotChangeTheKey() {
        String reordered = "{ \"response_format\" : { \"type\" : \"json_object\" },\n  \"messages\": [ {\"content\":\"Hello  there\", \"role\":\"user\"} ],"
                + "\"temperature\": 0.0, \"model\": \"gpt-4o\" }";
        assertThat(key(reordered)).isEqualTo(key(BASE)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(key(BASE.replace("\"temperature\":0", "\"temperature\":0e0"))).isEqualTo(key(BASE));
        assertThat(CacheKey.canonical(Json.tree("{\"b\":[1.50,{\"d\":1,\"c\":10}],\"a\":\"x y\"}")))
                .isEqualTo("{\"a\":\"x y\",\"b\":[1.5,{\"c\":10,\"d\":1}]}");
    }

    @Test
    void deliveryFieldsDoNotChangeTheKeyButStreamingDoes() {
        String streamed = BASE.replace("{\"model\"", "{\"stream\":true,\"model\"");
        assertThat(key(streamed.replace("{\"stream\":true,", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},")))
                .isEqualTo(key(streamed));
        assertThat(key(streamed)).isNotEqualTo(key(BASE)); // a stream is replayed as chunks, so it is its own entry
    }

    @Test
    void everythingThatDecidesTheAnswerChangesTheKey() {
        String base = key(BASE);
        assertThat(key(BASE.replace("Hello  there", "Hello there"))).as("text is exact").isNotEqualTo(base);
        assertThat(key(BASE.replace("\"temperature\":0", "\"temperature\":0.5"))).isNotEqualTo(base);
        assertThat(key(BASE.replace("json_object", "text"))).isNotEqualTo(base);
        assertThat(key(BASE.replace("{\"model\"", "{\"seed\":7,\"model\""))).isNotEqualTo(base);
        assertThat(key(BASE.replace("{\"model\"", "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"model\""))).isNotEqualTo(base);
        assertThat(CacheKey.of("globex", TARGETS, chat(BASE))).as("tenant").isNotEqualTo(base);
        assertThat(CacheKey.of("acme", List.of("anthropic/claude-sonnet-4-5"), chat(BASE))).as("routing").isNotEqualTo(base);
    }

    @Test
    void theRoutingResolutionIsASetAndTheRequestedNameIsNotPartOfIt() {
        assertThat(CacheKey.of("acme", List.of("a/x", "b/y"), chat(BASE))).isEqualTo(CacheKey.of("acme", List.of("b/y", "a/x"), chat(BASE)));
        // Two names that resolve to the same target share answers: the key holds the resolution, not the name.
        assertThat(key(BASE.replace("\"gpt-4o\"", "\"openai/gpt-4o\""))).isEqualTo(key(BASE));
    }

    @Test
    void theSameBodyOnAnotherApiOrWithAnotherAnthropicBetaIsAnotherKey() {
        byte[] body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}".getBytes(StandardCharsets.UTF_8);
        String plain = CacheKey.of("acme", TARGETS, CacheRequest.messages(MessagesRequest.parse(body, Map.of())));
        String beta = CacheKey.of("acme", TARGETS, CacheRequest.messages(MessagesRequest.parse(body, Map.of("anthropic-beta", "x"))));
        assertThat(plain).isNotEqualTo(beta);
        assertThat(plain).isNotEqualTo(CacheKey.of("acme", TARGETS, chat(new String(body, StandardCharsets.UTF_8))));
    }
}
