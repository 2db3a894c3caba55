package dev.llmgateway.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatChunk;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkEmitterTest {
    private static final ChatRequest REQUEST = ChatRequest.parse(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}".getBytes(StandardCharsets.UTF_8));

    @Test
    void textChunksAreTheSerialisedChatChunk() throws Exception {
        List<String> texts = List.of("Hello", " \"quoted\" \\ back\\slash", "tab\tnew\nline\r\u0000\u001f ctrl",
                "Grüße 👋 日本語 𝄞", "</script>\u2028\u2029", "{\"json\":[1,2]}");
        String model = "llama3.2:\"odd\" ñame";
        List<byte[]> sent = new ArrayList<>();
        ChunkEmitter emitter = new ChunkEmitter(sent::add, REQUEST, model);
        for (String text : texts) emitter.text(text);

        assertThat(sent).hasSize(texts.size());
        JsonNode first = Json.tree(sent.getFirst());
        String id = first.get("id").asText();
        long created = first.get("created").asLong();
        for (int i = 0; i < texts.size(); i++) {
            ChatChunk expected = new ChatChunk(id, created, model,
                    List.of(new ChatChunk.Choice(new ChatChunk.Delta(i == 0 ? "assistant" : null, texts.get(i), null), null)), null);
            assertThat(Json.tree(sent.get(i))).as("chunk %d", i).isEqualTo(Json.tree(Json.bytes(expected)));
            if (texts.get(i).codePoints().allMatch(Character::isBmpCodePoint)) {
                assertThat(new String(sent.get(i), StandardCharsets.UTF_8)).as("chunk %d, byte for byte", i)
                        .isEqualTo(new String(Json.bytes(expected), StandardCharsets.UTF_8));
            } else { // Jackson's generator escapes astral characters as surrogate escape pairs; raw UTF-8 is the same JSON
                assertThat(new String(sent.get(i), StandardCharsets.UTF_8)).as("chunk %d", i).contains(texts.get(i));
            }
        }
    }

    @Test
    void emptyTextSendsNothingAndTheRoleWaitsForTheFirstRealDelta() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        ChunkEmitter emitter = new ChunkEmitter(sent::add, REQUEST, "m");
        emitter.text("");
        emitter.text(null);
        assertThat(sent).isEmpty();
        emitter.text("a");
        emitter.text("b");
        assertThat(Json.tree(sent.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(Json.tree(sent.get(1)).at("/choices/0/delta").has("role")).isFalse();
    }
}
