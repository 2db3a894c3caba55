package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provider end to end through the real SDK clients against a loopback fake: streaming, errors, cancellation. */
class BedrockProviderTest {
    private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static BedrockFake fake;

    @BeforeAll
    static void startFake() {
        fake = new BedrockFake(Map.of("UPSTREAM_STREAM_IDLE_TIMEOUT_MS", "1500"));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    // ---- streaming ----

    @Test
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        CountDownLatch firstChunkSent = new CountDownLatch(1);
        AtomicBoolean openedInTime = new AtomicBoolean();
        fake.upstream.on(BedrockFake.streamPath(MODEL), FakeUpstream.gatedStream(EventStreamFrames.CONTENT_TYPE,
                List.of(EventStreamFrames.concat(List.of(start(), text("Hel"))), text("lo"), stop("end_turn"), metadata()),
                firstChunkSent, openedInTime));
        List<String> chunks = new CopyOnWriteArrayList<>();
        StreamResult result = fake.provider.stream(request(true), MODEL, json -> {
            chunks.add(new String(json, StandardCharsets.UTF_8));
            firstChunkSent.countDown();
        });
        assertThat(openedInTime).as("the first delta reached the client while the upstream held the rest back").isTrue();
        assertThat(chunks.getFirst()).contains("\"content\":\"Hel\"");
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void exceptionEventBeforeAnyContentIsTheErrorStatusWithNothingSent() {
        fake.streams(MODEL, List.of(start(), EventStreamFrames.exception("throttlingException",
                "{\"message\":\"Too many tokens, please wait before trying again.\"}")), 0);
        List<byte[]> sent = new ArrayList<>();
        assertThatThrownBy(() -> fake.provider.stream(request(true), MODEL, sent::add))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.isUpstream()).isTrue();
                    assertThat(e.getMessage()).contains("Too many tokens");
                });
        assertThat(sent).as("nothing reached the client, so the edge can still answer 429").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "modelStreamErrorException, 502",
            "validationException, 400",
            "throttlingException, 429",
            "serviceUnavailableException, 502",
            "internalServerException, 502"})
    void exceptionEventMidStreamIsAnUpstreamErrorWithTheMappedStatus(String exception, int status) {
        fake.streams(MODEL, List.of(start(), text("Hel"),
                EventStreamFrames.exception(exception, "{\"message\":\"failed: " + exception + "\"}"), text("never")), 0);
        List<String> sent = new ArrayList<>();
        assertThatThrownBy(() -> fake.provider.stream(request(true), MODEL, json -> sent.add(new String(json))))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.isUpstream()).isTrue();
                    assertThat(e.getMessage()).contains("failed: " + exception);
                });
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst()).contains("Hel");
    }

    @Test
    void streamEndingWithoutMessageStopIsAnErrorNotAShortAnswer() {
        fake.streams(MODEL, List.of(start(), text("Hel"), text("lo")), 0);
        List<String> sent = new ArrayList<>();
        assertThatThrownBy(() -> fake.provider.stream(request(true), MODEL, json -> sent.add(new String(json))))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.isUpstream()).isTrue();
                    assertThat(e.getMessage()).contains("ended before it was complete");
                });
        assertThat(sent).noneMatch(c -> c.contains("finish_reason\":\"stop"));
    }

    @Test
    void silentStreamTimesOutAsGatewayTimeout() {
        fake.upstream.on(BedrockFake.streamPath(MODEL), exchange -> {
            exchange.getResponseHeaders().set("Content-Type", EventStreamFrames.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, 0);
            write(exchange.getResponseBody(), start(), text("Hel"));
            TimeUnit.SECONDS.sleep(5);
        });
        long started = System.nanoTime();
        assertThatThrownBy(() -> fake.provider.stream(request(true), MODEL, json -> { }))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.getMessage()).contains("sent nothing for 1 s");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void clientDisconnectCancelsTheUpstreamCallAndClosesItsConnection() throws Exception {
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        List<byte[]> frames = new ArrayList<>(List.of(start()));
        for (int i = 0; i < 400; i++) frames.add(text("word" + i + " "));
        frames.add(stop("end_turn"));
        fake.upstream.on(BedrockFake.streamPath(MODEL), exchange -> {
            try {
                FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, frames, 10).answer(exchange);
            } catch (IOException e) {
                upstreamSawClose.countDown();
            }
        });
        int[] sends = {0};
        assertThatThrownBy(() -> fake.provider.stream(request(true), MODEL, json -> {
            if (++sends[0] == 2) throw new IOException("Broken pipe");
        })).isInstanceOf(IOException.class).hasMessage("Broken pipe");
        assertThat(upstreamSawClose.await(3, TimeUnit.SECONDS))
                .as("the fake saw its connection closed long before its 4 s stream ended").isTrue();
    }

    // ---- errors ----

    @Test
    void throttlingIs429WithRetryAfterAndIsNotRetriedBehindTheClientsBack() {
        try (BedrockFake own = new BedrockFake()) {
            FakeUpstream.Script throttled = FakeUpstream.json(429,
                    "{\"message\":\"Too many requests, please wait before trying again.\"}",
                    Map.of("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
                            "Retry-After", "7"));
            own.upstream.on(BedrockFake.conversePath(MODEL), throttled).on(BedrockFake.streamPath(MODEL), throttled);
            for (boolean stream : new boolean[] {false, true}) {
                assertThatThrownBy(() -> {
                    if (stream) own.provider.stream(request(true), MODEL, json -> { });
                    else own.provider.complete(request(false), MODEL);
                }).isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.type()).isEqualTo("rate_limit_error");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).contains("Too many requests");
                    assertThat(e.isUpstream()).isTrue();
                });
            }
            assertThat(own.upstream.received()).hasSize(2);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "400, ValidationException, 400",
            "403, AccessDeniedException, 403",
            "404, ResourceNotFoundException, 404",
            "408, ModelTimeoutException, 504",
            "424, ModelErrorException, 502",
            "500, InternalServerException, 502",
            "503, ServiceUnavailableException, 502"})
    void httpErrorsMapByTheirBedrockErrorType(int httpStatus, String errorType, int clientStatus) {
        fake.upstream.on(BedrockFake.conversePath(MODEL), FakeUpstream.json(httpStatus,
                "{\"message\":\"upstream says " + errorType + "\"}", Map.of("x-amzn-ErrorType", errorType)));
        assertThatThrownBy(() -> fake.provider.complete(request(false), MODEL))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(clientStatus);
                    assertThat(e.isUpstream()).isTrue();
                    assertThat(e.getMessage()).contains("upstream says " + errorType);
                });
    }

    @Test
    void unreachableEndpointIsBadGateway() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try (BedrockFake own = new BedrockFake(Map.of(), "http://127.0.0.1:" + port)) {
            for (boolean stream : new boolean[] {false, true}) {
                assertThatThrownBy(() -> {
                    if (stream) own.provider.stream(request(true), MODEL, json -> { });
                    else own.provider.complete(request(false), MODEL);
                }).isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("upstream_unavailable");
                    assertThat(e.getMessage()).contains("unreachable at http://127.0.0.1:" + port);
                });
            }
        }
    }

    @Test
    void connectionsAreReusedAcrossCalls() {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        String answer = "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi\"}]}},"
                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":1,\"outputTokens\":1,\"totalTokens\":2}}";
        fake.upstream.on(BedrockFake.conversePath(MODEL), exchange -> {
            ports.add(exchange.getRemoteAddress().getPort());
            FakeUpstream.json(200, answer).answer(exchange);
        });
        fake.upstream.on(BedrockFake.streamPath(MODEL), exchange -> {
            ports.add(exchange.getRemoteAddress().getPort());
            FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, List.of(start(), text("Hi"), stop("end_turn"), metadata()), 0)
                    .answer(exchange);
        });
        for (int i = 0; i < 2; i++) fake.provider.complete(request(false), MODEL);
        int streams = 5;
        for (int i = 0; i < streams; i++) {
            try {
                fake.provider.stream(request(true), MODEL, json -> { });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(ports).hasSize(2 + streams);
        assertThat(ports.get(1)).as("second buffered call on the first's connection").isEqualTo(ports.get(0));
        // The async client returns a connection to its pool just after the stream's last event, so a
        // call made at once may still open a new one; across several streams, connections must be shared.
        assertThat(new java.util.HashSet<>(ports.subList(2, ports.size()))).as("streams share pooled connections")
                .hasSizeLessThan(streams);
    }

    // ---- catalogue ----

    @Test
    void disabledUnlessBedrockEnabledIsSet() {
        Env none = Env.of(Map.of("AWS_REGION", "us-east-1"));
        assertThat(Catalogue.BEDROCK.create(none, UpstreamHttp.fromEnv(none))).isNull();
        Env off = Env.of(Map.of("AWS_REGION", "us-east-1", "BEDROCK_ENABLED", "false"));
        assertThat(Catalogue.BEDROCK.create(off, UpstreamHttp.fromEnv(off))).isNull();
        assertThat(Catalogue.ALL).contains(Catalogue.BEDROCK);
    }

    @Test
    void onlyBedrockSlashModelIdRoutesHereAndModelsAreAdvertisedWithThePrefix() {
        ModelResolver.Target target = fake.resolver.resolve("bedrock/amazon.nova-pro-v1:0");
        assertThat(target.provider()).isSameAs(fake.provider);
        assertThat(target.model()).isEqualTo("amazon.nova-pro-v1:0");
        assertThatThrownBy(() -> fake.resolver.resolve("anthropic.claude-3-5-sonnet-20240620-v1:0"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(fake.provider.models()).contains("bedrock/amazon.nova-pro-v1:0")
                .allMatch(m -> m.startsWith("bedrock/"));

        Env custom = Env.of(Map.of("BEDROCK_ENABLED", "true", "AWS_REGION", "eu-west-1",
                "BEDROCK_MODELS", "us.anthropic.claude-sonnet-4-20250514-v1:0, bedrock/amazon.nova-lite-v1:0"));
        Provider provider = Catalogue.BEDROCK.create(custom, UpstreamHttp.fromEnv(custom));
        try {
            assertThat(provider.models()).containsExactly("bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0",
                    "bedrock/amazon.nova-lite-v1:0");
        } finally {
            ((BedrockProvider) provider).close();
        }
    }

    // ---- frames ----

    private static ChatRequest request(boolean stream) {
        return ChatRequest.parse(("{\"model\":\"bedrock/" + MODEL + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] start() {
        return EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
    }

    private static byte[] text(String text) {
        return EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text + "\"}}");
    }

    private static byte[] stop(String reason) {
        return EventStreamFrames.event("messageStop", "{\"stopReason\":\"" + reason + "\"}");
    }

    private static byte[] metadata() {
        return EventStreamFrames.event("metadata",
                "{\"usage\":{\"inputTokens\":3,\"outputTokens\":2,\"totalTokens\":5},\"metrics\":{\"latencyMs\":9}}");
    }

    private static void write(OutputStream out, byte[]... frames) throws IOException {
        for (byte[] frame : frames) out.write(frame);
        out.flush();
    }
}
