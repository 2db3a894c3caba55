package dev.llmgateway.core.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State of translated responses: what is stored, continued, isolated and expired. */
class ResponsesStateTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final InMemoryResponseStore store = new InMemoryResponseStore(clock);
    private final Responses responses = new Responses(store, Duration.ofDays(30), clock);
    private final Backend backend = new Backend();

    /** A chat provider that answers a tool call first, then text; it records what it was sent. */
    static final class Backend implements Provider {
        final List<ChatRequest> sent = new ArrayList<>();
        String next = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1__thought__c2ln\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";

        @Override public String name() { return "gemini"; }
        @Override public List<String> models() { return List.of(); }

        @Override
        public Completion complete(ChatRequest request, String model) {
            sent.add(request);
            return new Completion(next.getBytes(StandardCharsets.UTF_8), Usage.of(10, 5));
        }

        @Override
        public StreamResult stream(ChatRequest request, String model, ChunkSink sink) throws java.io.IOException {
            sent.add(request);
            sink.send("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
            return new StreamResult(Usage.of(3, 1), "stop");
        }
    }

    private static ResponsesRequest request(String json) {
        return ResponsesRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode create(String tenant, String json) {
        Responses.Turn turn = responses.begin(tenant, request(json));
        Completion answer = turn.complete(backend, "gemini-3.5-flash");
        turn.stored(answer, backend);
        return Json.tree(new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    void previousResponseIdContinuesTheConversationWithFunctionCallsAndTheirProviderState() {
        JsonNode first = create("t1", "{\"model\":\"gemini-3.5-flash\",\"input\":\"Weather?\",\"instructions\":\"Be brief.\"}");
        assertThat(first.at("/output/0/type").asText()).isEqualTo("function_call");
        assertThat(first.at("/output/0/call_id").asText()).isEqualTo("call_1__thought__c2ln");

        backend.next = backend.next.replace("\"content\":null,\"tool_calls\":[{\"id\":\"call_1__thought__c2ln\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]", "\"content\":\"Sunny.\"")
                .replace("tool_calls\"}", "stop\"}");
        JsonNode second = create("t1", "{\"model\":\"gemini-3.5-flash\",\"previous_response_id\":\"" + first.get("id").asText()
                + "\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"call_1__thought__c2ln\",\"output\":\"sunny\"}]}");

        JsonNode messages = backend.sent.getLast().raw().get("messages");
        assertThat(messages.size()).as("instructions are not carried over, as at OpenAI").isEqualTo(3);
        assertThat(messages.at("/0/content/0/text").asText()).isEqualTo("Weather?");
        assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_1__thought__c2ln");
        assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
        assertThat(second.at("/output/0/content/0/text").asText()).isEqualTo("Sunny.");
        assertThat(second.get("previous_response_id").asText()).isEqualTo(first.get("id").asText());

        create("t1", "{\"model\":\"gemini-3.5-flash\",\"previous_response_id\":\"" + second.get("id").asText() + "\",\"input\":\"Thanks\"}");
        assertThat(backend.sent.getLast().raw().get("messages").size()).as("three turns: all earlier items").isEqualTo(5);
    }

    @Test
    void anotherTenantsOrAnUnknownIdIsA404() {
        String id = create("t1", "{\"model\":\"m\",\"input\":\"hi\"}").get("id").asText();
        for (String[] attempt : new String[][] {{"t2", id}, {"t1", "resp_unknown"}, {"t1", "../" + id}}) {
            assertThatThrownBy(() -> responses.begin(attempt[0], request("{\"model\":\"m\",\"previous_response_id\":\""
                    + attempt[1] + "\",\"input\":\"x\"}"))).isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.param()).isEqualTo("previous_response_id");
                    });
            assertThatThrownBy(() -> responses.retrieve(attempt[0], attempt[1], null, name -> null))
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThat(Json.tree(new String(responses.retrieve("t1", id, null, name -> null), StandardCharsets.UTF_8)).get("id").asText())
                .isEqualTo(id);
    }

    @Test
    void storeFalseKeepsNothing() {
        String id = create("t1", "{\"model\":\"m\",\"input\":\"hi\",\"store\":false}").get("id").asText();
        assertThat(store.get("t1", id)).isEmpty();
    }

    @Test
    void aResponseExpiresAfterItsTtl() {
        String id = create("t1", "{\"model\":\"m\",\"input\":\"hi\"}").get("id").asText();
        clock.advance(Duration.ofDays(30));
        assertThatThrownBy(() -> responses.retrieve("t1", id, null, name -> null))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void inputItemsAndDeleteServeTheStoredResponse() {
        String id = create("t1", "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}")
                .get("id").asText();
        JsonNode page = Json.tree(new String(responses.inputItems("t1", id, null, n -> null, null, 1, null), StandardCharsets.UTF_8));
        assertThat(page.at("/data/0/content/0/text").asText()).as("newest first").isEqualTo("b");
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode next = Json.tree(new String(responses.inputItems("t1", id, null, n -> null, null, 1, page.get("last_id").asText()),
                StandardCharsets.UTF_8));
        assertThat(next.at("/data/0/content/0/text").asText()).isEqualTo("a");
        assertThat(next.get("has_more").asBoolean()).isFalse();

        assertThat(Json.tree(new String(responses.delete("t1", id, n -> null), StandardCharsets.UTF_8)).get("deleted").asBoolean()).isTrue();
        assertThat(store.get("t1", id)).isEmpty();
    }

    @Test
    void aStreamedResponseIsStoredBeforeItsTerminalEvent() throws Exception {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Responses.Turn turn = responses.begin("t1", request("{\"model\":\"m\",\"input\":\"hi\",\"stream\":true}"));
        List<Boolean> storedAtCompletion = new ArrayList<>();
        turn.stream(backend, "m", event -> {
            String text = new String(event, StandardCharsets.UTF_8);
            if (text.startsWith("event: response.completed")) {
                String id = Json.tree(text.substring(text.indexOf("data: ") + 6)).at("/response/id").asText();
                storedAtCompletion.add(store.get("t1", id).isPresent());
            }
            client.writeBytes(event);
        });
        assertThat(storedAtCompletion).containsExactly(true);
    }

    @Test
    void aStoreFailureAtTheEndOfAStreamEndsItWithAnErrorEventInsteadOfCompleted() throws Exception {
        ResponseStore failing = new ResponseStore() {
            @Override public void put(String tenant, StoredResponse response) { throw GatewayError.storeUnavailable("down"); }
            @Override public java.util.Optional<StoredResponse> get(String tenant, String id) { return java.util.Optional.empty(); }
            @Override public boolean delete(String tenant, String id) { return false; }
            @Override public String description() { return "failing"; }
        };
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        StreamResult result = new Responses(failing, Duration.ofDays(1), clock)
                .begin("t1", request("{\"model\":\"m\",\"input\":\"hi\",\"stream\":true}")).stream(backend, "m", client::writeBytes);
        String events = client.toString(StandardCharsets.UTF_8);
        assertThat(events).contains("event: error\n").doesNotContain("response.completed");
        assertThat(result.usage()).as("the answer is still settled").isEqualTo(Usage.of(3, 1));
    }
}
