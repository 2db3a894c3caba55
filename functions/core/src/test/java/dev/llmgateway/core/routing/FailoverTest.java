package dev.llmgateway.core.routing;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover between real OpenAI-protocol providers pointed at loopback fakes, one fake per target. */
class FailoverTest {
    private static final String PATH = "/v1/chat/completions";
    private static final String OK = Fixtures.text("openai/plain/upstream-response.json");
    private static final String STREAM = Fixtures.text("openai/stream/upstream-stream.txt");
    private static final UpstreamHttp HTTP = UpstreamHttp.fromEnv(Env.of(Map.of(
            "UPSTREAM_TIMEOUT_MS", "1500", "UPSTREAM_CONNECT_TIMEOUT_MS", "1500", "UPSTREAM_STREAM_IDLE_TIMEOUT_MS", "2000")));

    private final FakeUpstream first = new FakeUpstream();
    private final FakeUpstream second = new FakeUpstream();
    private final long[] now = {1_000_000_000L};
    private final TargetHealth health = new TargetHealth(new TargetHealth.Settings(2, Duration.ofSeconds(30), 0.3), () -> now[0]);
    private final Failover failover = new Failover(health, new Failover.Settings(3, Duration.ofMinutes(1)), System::nanoTime);

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static Provider openAi(String baseUrl) {
        return Catalogue.OPENAI.create(Env.of(Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", baseUrl + "/v1")), HTTP);
    }

    private Routing routed(String... baseUrls) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < baseUrls.length; i++) candidates.add(new Candidate(openAi(baseUrls[i]), "model-" + i, null, 1));
        return new Routing("chat-default", new Route("chat-default", Strategy.MODEL_PREFIX, 0.1, List.of()), candidates);
    }

    private static ChatRequest request(boolean stream) {
        return ChatRequest.parse(("{\"model\":\"chat-default\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static String upstreamModel(FakeUpstream fake) {
        return Json.tree(fake.last().bodyText()).get("model").asText();
    }

    @Test
    void a429WithRetryAfterFailsOverAndKeepsTheTargetOutUntilThen() {
        first.on(PATH, json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "20")));
        second.on(PATH, json(200, OK));
        Routing routing = routed(first.baseUrl(), second.baseUrl());

        Failover.Served<Completion> served = failover.complete(routing, request(false));
        assertThat(served.candidate().model()).isEqualTo("model-1");
        assertThat(served.attempts()).isEqualTo(2);
        assertThat(upstreamModel(second)).isEqualTo("model-1");

        // Within the 20 s the first target is not called at all.
        now[0] += TimeUnit.SECONDS.toNanos(19);
        failover.complete(routing, request(false));
        assertThat(first.received()).hasSize(1);
        assertThat(second.received()).hasSize(2);

        // After it, the first target is called again.
        now[0] += TimeUnit.SECONDS.toNanos(2);
        first.on(PATH, json(200, OK));
        assertThat(failover.complete(routing, request(false)).candidate().model()).isEqualTo("model-0");
    }

    @Test
    void whenEveryTargetAskedToWaitTheClientGets429WithTheShortestRetryAfterAndNoUpstreamIsCalled() {
        first.on(PATH, json(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "30")));
        second.on(PATH, json(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "5")));
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        assertThatThrownBy(() -> failover.complete(routing, request(false))).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThatThrownBy(() -> failover.complete(routing, request(false))).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive();
        });
        assertThat(first.received()).hasSize(1);
        assertThat(second.received()).hasSize(1);
    }

    @Test
    void a500FailsOver() {
        first.on(PATH, json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
        second.on(PATH, json(200, OK));
        Failover.Served<Completion> served = failover.complete(routed(first.baseUrl(), second.baseUrl()), request(false));
        assertThat(served.candidate().model()).isEqualTo("model-1");
        assertThat(new String(served.result().body(), StandardCharsets.UTF_8)).contains("How can I assist you today?");
    }

    @Test
    void aTimeoutFailsOver() {
        first.on(PATH, exchange -> {
            TimeUnit.MILLISECONDS.sleep(4000);
            json(200, OK).answer(exchange);
        });
        second.on(PATH, json(200, OK));
        Failover.Served<Completion> served = failover.complete(routed(first.baseUrl(), second.baseUrl()), request(false));
        assertThat(served.candidate().model()).isEqualTo("model-1");
    }

    @Test
    void aRefusedConnectionFailsOver() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        second.on(PATH, json(200, OK));
        assertThat(failover.complete(routed(closed, second.baseUrl()), request(false)).candidate().model()).isEqualTo("model-1");
    }

    @Test
    void a400OrAnAuthFailureIsReturnedAtOnceWithoutFailover() {
        first.on(PATH, json(400, "{\"error\":{\"message\":\"Invalid 'temperature'\",\"type\":\"invalid_request_error\",\"param\":\"temperature\"}}"));
        second.on(PATH, json(200, OK));
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        assertThatThrownBy(() -> failover.complete(routing, request(false)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(400));
        first.on(PATH, json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"));
        assertThatThrownBy(() -> failover.complete(routing, request(false)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(second.received()).isEmpty();
        assertThat(health.open(routing.candidates().getFirst().key())).as("client errors do not count against a target").isFalse();
    }

    @Test
    void a404IsReturnedAtOnceWithoutFailoverForBufferedAndStreamedCalls() {
        // A model the provider does not know is a configuration error; another target would hide it.
        first.on(PATH, json(404, "{\"error\":{\"message\":\"The model `model-0` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"));
        second.on(PATH, json(200, OK));
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        assertThatThrownBy(() -> failover.complete(routing, request(false))).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("model_not_found");
        });
        assertThatThrownBy(() -> failover.stream(routing, request(true), chunk -> { }, c -> { }))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(Failover.worthFailover(GatewayError.upstream(404, "invalid_request_error", "gone", null, "model_not_found", null)))
                .isFalse();
        assertThat(second.received()).isEmpty();
        assertThat(first.received()).hasSize(2);
        assertThat(health.open(routing.candidates().getFirst().key())).isFalse();
    }

    @Test
    void noAttemptStartsAfterTheDeadlineAndTheListenerHearsEachStep() {
        first.on(PATH, json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        second.on(PATH, json(200, OK));
        long[] clock = {0};
        Failover late = new Failover(health, new Failover.Settings(3, Duration.ofSeconds(10)), () -> clock[0]);
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        List<String> heard = new ArrayList<>();
        Failover.Listener listener = new Failover.Listener() {
            @Override
            public void attempting(Candidate candidate, Candidate failed) {
                heard.add("attempt " + candidate.model() + " after " + (failed == null ? "none" : failed.model()));
                clock[0] += TimeUnit.SECONDS.toNanos(5); // each attempt takes 5 s of the 10 s deadline
            }

            @Override
            public void failedOver(Candidate candidate, GatewayError error) {
                heard.add("failed over from " + candidate.model() + " with " + error.status());
            }
        };
        assertThat(late.complete(routing, request(false), listener).candidate().model()).as("at 5 s: within the deadline")
                .isEqualTo("model-1");
        assertThat(heard).containsExactly("attempt model-0 after none", "failed over from model-0 with 502",
                "attempt model-1 after model-0");

        clock[0] = 0;
        health.success(routing.candidates().getFirst().key(), 1);
        Failover.Listener slow = new Failover.Listener() {
            @Override
            public void attempting(Candidate candidate, Candidate failed) {
                clock[0] += TimeUnit.SECONDS.toNanos(11); // past the deadline before the first call returns
            }
        };
        assertThatThrownBy(() -> late.complete(routed(first.baseUrl(), second.baseUrl()), request(false), slow))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(second.received()).as("no attempt after the deadline").hasSize(1);
    }

    @Test
    void attemptsAreBounded() {
        FakeUpstream third = new FakeUpstream();
        FakeUpstream fourth = new FakeUpstream();
        try (third; fourth) {
            for (FakeUpstream f : List.of(first, second, third)) f.on(PATH, json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
            fourth.on(PATH, json(200, OK));
            assertThatThrownBy(() -> failover.complete(routed(first.baseUrl(), second.baseUrl(), third.baseUrl(), fourth.baseUrl()), request(false)))
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
            assertThat(fourth.received()).as("three attempts at most").isEmpty();
        }
    }

    @Test
    void aStreamFailsOverBeforeItsFirstByte() throws IOException {
        first.on(PATH, json(500, "{\"error\":{\"message\":\"boom\"}}"));
        second.on(PATH, FakeUpstream.stream("text/event-stream", FakeUpstream.events(STREAM, "\n\n"), 0));
        List<String> sent = new ArrayList<>();
        List<String> servedBy = new ArrayList<>();
        Failover.Served<StreamResult> served = failover.stream(routed(first.baseUrl(), second.baseUrl()), request(true),
                chunk -> sent.add(new String(chunk, StandardCharsets.UTF_8)), c -> servedBy.add(c.model()));
        assertThat(served.candidate().model()).isEqualTo("model-1");
        assertThat(servedBy).containsExactly("model-1");
        assertThat(String.join("", sent)).contains("Grüße 👋");
        assertThat(served.result().usage().promptTokens()).isEqualTo(9);
    }

    @Test
    void aStreamThatFailsAfterItsFirstByteIsNotRetriedElsewhere() {
        first.on(PATH, FakeUpstream.stream("text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.UTF_8),
                "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n".getBytes(StandardCharsets.UTF_8)), 0));
        second.on(PATH, FakeUpstream.stream("text/event-stream", FakeUpstream.events(STREAM, "\n\n"), 0));
        List<String> sent = new ArrayList<>();
        assertThatThrownBy(() -> failover.stream(routed(first.baseUrl(), second.baseUrl()), request(true),
                chunk -> sent.add(new String(chunk, StandardCharsets.UTF_8)), c -> { }))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(sent).hasSize(1).first().asString().contains("\"Hi\"");
        assertThat(second.received()).isEmpty();
    }

    @Test
    void theBreakerKeepsAFailingTargetOutForTheCoolDownThenProbesIt() {
        first.on(PATH, json(502, "{\"error\":{\"message\":\"bad gateway\"}}"));
        second.on(PATH, json(200, OK));
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        failover.complete(routing, request(false));
        failover.complete(routing, request(false)); // second consecutive failure: the breaker opens
        assertThat(health.open(routing.candidates().getFirst().key())).isTrue();
        for (int i = 0; i < 5; i++) failover.complete(routing, request(false));
        assertThat(first.received()).as("not called while open").hasSize(2);

        now[0] += TimeUnit.SECONDS.toNanos(31);
        first.on(PATH, json(200, OK));
        assertThat(failover.complete(routing, request(false)).candidate().model()).as("probed after the cool-down").isEqualTo("model-0");
        assertThat(health.open(routing.candidates().getFirst().key())).isFalse();
    }

    @Test
    void whenEveryTargetIsOpenTheOneReopeningSoonestIsStillTried() {
        first.on(PATH, json(500, "{\"error\":{\"message\":\"down\"}}"));
        second.on(PATH, json(500, "{\"error\":{\"message\":\"down\"}}"));
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        assertThatThrownBy(() -> failover.complete(routing, request(false))).isInstanceOf(GatewayError.class);
        assertThatThrownBy(() -> failover.complete(routing, request(false))).isInstanceOf(GatewayError.class);
        assertThat(health.open(routing.candidates().get(0).key()) && health.open(routing.candidates().get(1).key())).isTrue();
        first.on(PATH, json(200, OK));
        second.on(PATH, json(200, OK));
        assertThat(failover.complete(routing, request(false)).attempts()).isEqualTo(1);
        assertThat(first.received().size() + second.received().size()).as("one probe call, not a refusal").isEqualTo(5);
    }

    @Test
    void anUnroutedModelIsCalledOnceAndItsErrorPassesThrough() {
        first.on(PATH, json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("Retry-After", "20")));
        Candidate only = new Candidate(openAi(first.baseUrl()), "gpt-4o", null, 1);
        Routing unrouted = new Routing("gpt-4o", null, List.of(only));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> failover.complete(unrouted, request(false))).isInstanceOfSatisfying(GatewayError.class,
                    e -> assertThat(e.retryAfter()).as(e.getMessage()).isEqualTo(Duration.ofSeconds(20)));
        }
        assertThat(first.received()).as("no gating without a route: the client decides when to retry").hasSize(3);
    }

    @Test
    void latencyAwareRoutingSendsMostRequestsToTheFasterUpstream() {
        first.on(PATH, exchange -> {
            TimeUnit.MILLISECONDS.sleep(150);
            json(200, OK).answer(exchange);
        });
        second.on(PATH, json(200, OK));
        InMemoryRouteStore store = new InMemoryRouteStore();
        store.put(Route.parse(Json.tree("""
                {"model":"fast","strategy":"latency-aware","targets":[
                  {"provider":"openai","model":"slow"},{"provider":"ollama","model":"quick"}]}""")));
        TargetHealth realClock = new TargetHealth(TargetHealth.Settings.DEFAULTS);
        Provider slow = openAi(first.baseUrl());
        Provider quick = new dev.llmgateway.core.http.HttpProvider("ollama", null, HTTP, List.of()) {
            @Override
            public Completion complete(ChatRequest request, String model) {
                return openAi(second.baseUrl()).complete(request, model);
            }
        };
        Router router = new Router(new dev.llmgateway.core.providers.ModelResolver(dev.llmgateway.core.providers.Catalogue.ALL,
                Map.of("openai", slow, "ollama", quick)), new RouteCache(store, Duration.ofMinutes(1)), PriceTable.defaults(),
                realClock, new java.util.SplittableRandom(1));
        Failover measured = new Failover(realClock, Failover.Settings.DEFAULTS);
        for (int i = 0; i < 12; i++) measured.complete(router.route("fast"), request(false));
        assertThat(first.received().size()).as("the slow upstream is only measured, then avoided").isLessThanOrEqualTo(1);
        assertThat(second.received().size()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void theListenerHearsEachBreakerOpeningOfARoutesTargetOnce() {
        first.on(PATH, json(500, "{\"error\":{\"message\":\"down\"}}"));
        second.on(PATH, json(200, OK));
        List<String> opened = new ArrayList<>();
        Failover.Listener listener = new Failover.Listener() {
            @Override
            public void breakerOpened(Candidate candidate) {
                opened.add(candidate.key().toString());
            }
        };
        Routing routing = routed(first.baseUrl(), second.baseUrl());
        failover.complete(routing, request(false), listener);
        assertThat(opened).isEmpty(); // 1 failure of 2
        failover.complete(routing, request(false), listener);
        assertThat(opened).containsExactly("openai/model-0");
        failover.complete(routing, request(false), listener); // open: not called, nothing new
        assertThat(opened).containsExactly("openai/model-0");

        // An unrouted model never consults its breaker, so its failures are not reported as openings.
        Routing unrouted = new Routing("model-0", null, List.of(new Candidate(openAi(first.baseUrl()), "model-x", null, 1)));
        for (int i = 0; i < 3; i++) assertThatThrownBy(() -> failover.complete(unrouted, request(false), listener)).isInstanceOf(GatewayError.class);
        assertThat(opened).containsExactly("openai/model-0");
    }
}
