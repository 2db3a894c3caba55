package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK through the gateway to an OpenAI-compatible upstream. */
class OpenAiE2eTest extends GatewayE2eTest {
    private static final String PATH = "/v1/chat/completions";

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    @Test
    void nonStreamingAnswerComesBackWithTheGatewaysOwnUpstreamKey() {
        OPENAI.on(PATH, json(200, Fixtures.text("openai/plain/upstream-response.json")));

        ChatCompletion completion = sdk().chat().completions().create(hello("gpt-4o"));

        assertThat(completion.choices().getFirst().message().content()).contains("Hello! How can I assist you today?");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(29);
        FakeUpstream.Received upstream = OPENAI.last();
        assertThat(upstream.headers().get("authorization")).isEqualTo("Bearer sk-upstream-test");
        assertThat(Json.tree(upstream.bodyText()).get("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void streamedChunksReachTheClientAsTheUpstreamProducesThem() {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        AtomicBoolean restHeldUntilClientSawFirst = new AtomicBoolean();
        OPENAI.on(PATH, FakeUpstream.gatedStream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"),
                firstChunkSeen, restHeldUntilClientSawFirst));

        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(hello("gpt-4o-mini"))) {
            stream.stream().forEach(chunk -> {
                firstChunkSeen.countDown();
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(restHeldUntilClientSawFirst).as("the client got the first chunk while the upstream was still generating").isTrue();
        assertThat(text.toString()).isEqualTo("Grüße 👋");
        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.getLast().choices().getFirst().finishReason()).isPresent();
    }

    @Test
    void usageChunkArrivesLastWhenTheClientAsksForIt() {
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream",
                FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"), 0));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello")
                .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).hasSize(4);
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage().orElseThrow().promptTokens()).isEqualTo(9);
    }

    @Test
    void structuredOutputParsesIntoTheApplicationsClass() {
        OPENAI.on(PATH, json(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-2024-08-06",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"city\\":\\"Paris\\",\\"country\\":\\"France\\"}","refusal":null},
                 "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}"""));

        StructuredChatCompletion<Capital> completion = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Capital of France?").responseFormat(Capital.class).build());

        Capital capital = completion.choices().getFirst().message().content().orElseThrow();
        assertThat(capital.city).isEqualTo("Paris");
        assertThat(capital.country).isEqualTo("France");
        assertThat(Json.tree(OPENAI.last().bodyText()).at("/response_format/type").asText()).isEqualTo("json_schema");
    }

    @Test
    void upstreamErrorsReachTheSdkAsItsOwnExceptions() {
        OPENAI.on(PATH, json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        assertThatThrownBy(() -> sdk().chat().completions().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.getMessage()).contains("Incorrect API key provided");
                    assertThat(e.code()).contains("invalid_api_key");
                });

        OPENAI.on(PATH, json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "20")));
        assertThatThrownBy(() -> sdk().chat().completions().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).containsExactly("20"));

        OPENAI.on(PATH, json(503, "{\"error\":{\"message\":\"The engine is currently overloaded\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> sdk().chat().completions().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("overloaded");
                });
    }

    @Test
    void unknownModelIsNotFound() {
        assertThatThrownBy(() -> sdk().chat().completions().create(hello("no-such-model")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }

    @Test
    void failureAfterTheFirstChunkEndsTheStreamWithAnErrorEvent() {
        OPENAI.on(PATH, FakeUpstream.stream("text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.UTF_8),
                "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}\n\n".getBytes(StandardCharsets.UTF_8)), 0));
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(hello("gpt-4o"))) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(received::add)));
            }
        }).isInstanceOfSatisfying(SseException.class, e -> assertThat(e.getMessage()).contains("server had an error"));
        assertThat(received).containsExactly("Hi");
    }

    @Test
    void stalledUpstreamStreamIsCutByTheIdleTimeoutInsteadOfHangingTheClient() throws Exception {
        OPENAI.on(PATH, FakeUpstream.stall("text/event-stream",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n",
                STREAM_IDLE_TIMEOUT_MS * 4L));
        HttpResponse<String> response = post(PATH, "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"content\":\"Hi\"").contains("upstream_timeout").doesNotContain("[DONE]");
    }

    @Test
    void clientDisconnectCancelsTheUpstreamRequest() throws Exception {
        List<byte[]> longStream = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            longStream.add(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok" + i + "\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
        }
        FakeUpstream upstream = OPENAI;
        java.util.concurrent.CountDownLatch aborted = new java.util.concurrent.CountDownLatch(1);
        upstream.on(PATH, exchange -> {
            try {
                FakeUpstream.stream("text/event-stream", longStream, 50).answer(exchange);
            } catch (java.io.IOException e) {
                aborted.countDown();
            }
        });

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(new String(body.readNBytes(20), StandardCharsets.UTF_8)).startsWith("data: ");
        }
        assertThat(aborted.await(10, TimeUnit.SECONDS)).as("upstream saw the cancellation long before its 10 s stream ended").isTrue();
    }
}
