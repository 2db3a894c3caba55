package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputitems.InputItemListParams;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK's Responses API through the gateway to OpenAI: passed through, with only model rewritten. */
class ResponsesPassthroughE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/responses";
    private static final String ID = "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b";

    @Test
    void aBufferedResponseIsOpenAisAnswerUnchanged() throws Exception {
        String answer = Fixtures.text("responses/openai-response.json");
        OPENAI.on(PATH, json(200, answer));

        Response response = sdk().responses().create(ResponseCreateParams.builder().model("openai/gpt-4.1")
                .input("Tell me a three sentence bedtime story about a unicorn.").build());

        assertThat(response.id()).isEqualTo(ID);
        assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text()).startsWith("In a peaceful grove");
        assertThat(response.usage().orElseThrow().inputTokensDetails().cachedTokens()).isZero();
        FakeUpstream.Received sent = OPENAI.last();
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer sk-upstream-test");
        JsonNode body = Json.tree(sent.bodyText());
        assertThat(body.get("model").asText()).isEqualTo("gpt-4.1");
        assertThat(body.get("input").asText()).isEqualTo("Tell me a three sentence bedtime story about a unicorn.");

        HttpResponse<String> raw = post(PATH, "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(answer);
        assertThat(raw.headers().firstValue("X-Gateway-Provider")).hasValue("openai");
    }

    @Test
    void aStreamIsRelayedEventByEventAsItArrives() {
        String stream = Fixtures.text("responses/openai-stream.txt");
        List<byte[]> parts = FakeUpstream.events(stream, "\n\n");
        CountDownLatch firstDelta = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        OPENAI.on(PATH, FakeUpstream.gatedStream("text/event-stream", parts, 5, firstDelta, held));
        List<ResponseStreamEvent> events = new ArrayList<>();

        try (StreamResponse<ResponseStreamEvent> s = sdk().responses().createStreaming(ResponseCreateParams.builder()
                .model("gpt-4.1").input("hi").build())) {
            s.stream().forEach(event -> {
                if (event.isOutputTextDelta()) firstDelta.countDown();
                events.add(event);
            });
        }

        assertThat(held).as("the first delta reached the client while the upstream held the rest").isTrue();
        assertThat(events).hasSize(10);
        assertThat(events.getLast().asCompleted().response().usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(12);
        assertThat(events.get(6).asOutputTextDone().text()).isEqualTo("Hi there! été 🌞");
        assertThat(Json.tree(OPENAI.last().bodyText()).get("stream").asBoolean()).isTrue();
    }

    @Test
    void storedOpenAiResponsesAreReachedThroughTheGatewayByTheirOwnTenantOnly() {
        OPENAI.on(PATH, json(200, Fixtures.text("responses/openai-response.json")));
        sdk().responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("story").build());
        OPENAI.on(PATH + "/" + ID, json(200, Fixtures.text("responses/openai-response.json")));
        OPENAI.on(PATH + "/" + ID + "/input_items", json(200, """
                {"object":"list","data":[{"id":"msg_abc123","type":"message","role":"user","status":"completed",
                 "content":[{"type":"input_text","text":"story"}]}],"first_id":"msg_abc123","last_id":"msg_abc123","has_more":false}
                """));

        assertThat(sdk().responses().retrieve(ID).id()).isEqualTo(ID);
        assertThat(OPENAI.last().method()).isEqualTo("GET");
        var items = sdk().responses().inputItems().list(InputItemListParams.builder().responseId(ID).limit(5).build());
        assertThat(items.data()).hasSize(1);
        assertThat(OPENAI.last().query()).isEqualTo("limit=5");

        OPENAI.on(PATH + "/" + ID, json(200, "{\"id\":\"" + ID + "\",\"object\":\"response\",\"deleted\":true}"));
        sdk().responses().delete(ID);
        assertThat(OPENAI.last().method()).isEqualTo("DELETE");
        int calls = OPENAI.received().size();
        assertThatThrownBy(() -> sdk().responses().retrieve(ID)).isInstanceOf(NotFoundException.class);
        assertThat(OPENAI.received()).as("an id the tenant no longer holds never reaches the upstream").hasSize(calls);
    }
}
