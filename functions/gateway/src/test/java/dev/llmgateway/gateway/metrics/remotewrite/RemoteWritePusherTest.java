package dev.llmgateway.gateway.metrics.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.testing.FakeUpstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The pusher against a loopback receiver that records what arrives: protocol, auth, timing and failures. */
@ExtendWith(OutputCaptureExtension.class)
class RemoteWritePusherTest {
    private static final String PATH = "/api/v1/write";
    private final FakeUpstream receiver = new FakeUpstream();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter requests = Counter.builder("gateway.requests").tags("model", "gpt-4o", "provider", "openai",
            "status", "200").register(registry);
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private RemoteWriteSettings settings(RemoteWriteSettings.Auth auth, Duration interval) {
        return new RemoteWriteSettings(URI.create(receiver.baseUrl() + PATH), auth, interval, Duration.ofSeconds(2), "llm-gateway", null);
    }

    private RemoteWritePusher pusher(RemoteWriteSettings settings, SigV4 sigV4, Clock clock) {
        return new RemoteWritePusher(settings, registry.getPrometheusRegistry()::scrape,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), sigV4, clock, nanos::get, "fn");
    }

    private RemoteWritePusher pusher(RemoteWriteSettings.Auth auth) {
        return pusher(settings(auth, Duration.ofSeconds(60)), null, Clock.systemUTC());
    }

    private static double requestsIn(FakeUpstream.Received received) throws Exception {
        List<DecodedWrite.TimeSeries> series = DecodedWrite.of(received.body()).named("gateway_requests_total");
        assertThat(series).hasSize(1);
        return series.getFirst().samples().getLast().value();
    }

    @Test
    void pushIsARemoteWrite10RequestWithSortedLabelsAndThePushsOwnInstance() throws Exception {
        receiver.on(PATH, FakeUpstream.json(204, ""));
        requests.increment(3);
        long before = System.currentTimeMillis();

        assertThat(pusher(new RemoteWriteSettings.Auth.None()).push()).isTrue();

        FakeUpstream.Received received = receiver.last();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.headers()).containsEntry("content-encoding", "snappy")
                .containsEntry("content-type", "application/x-protobuf")
                .containsEntry("x-prometheus-remote-write-version", "0.1.0")
                .doesNotContainKey("authorization");
        assertThat(received.headers().get("user-agent")).startsWith("llm-gateway");
        DecodedWrite write = DecodedWrite.of(received.body());
        DecodedWrite.TimeSeries series = write.named("gateway_requests_total").getFirst();
        assertThat(series.labelNames()).containsExactly("__name__", "instance", "job", "model", "provider", "status");
        assertThat(series.labels()).containsEntry("job", "llm-gateway").containsEntry("model", "gpt-4o");
        assertThat(series.labels().get("instance")).matches("fn-[0-9a-f]{12}");
        assertThat(series.samples()).as("a new counter starts at 0, then its value").hasSize(2);
        assertThat(series.samples().getFirst().value()).isEqualTo(0.0);
        assertThat(series.samples().getLast().value()).isEqualTo(3.0);
        assertThat(series.samples().getLast().timestamp()).isBetween(before, System.currentTimeMillis())
                .isGreaterThan(series.samples().getFirst().timestamp());
        assertThat(write.series()).allSatisfy(s -> assertThat(s.labelNames()).isSorted().contains("__name__"));
    }

    @Test
    void onlyACountersFirstPushStartsAtZeroAndGaugesNever() throws Exception {
        receiver.on(PATH, FakeUpstream.json(204, ""));
        io.micrometer.core.instrument.Gauge.builder("gateway.test.gauge", () -> 7).register(registry);
        RemoteWritePusher pusher = pusher(new RemoteWriteSettings.Auth.None());
        requests.increment();
        assertThat(pusher.push()).isTrue();
        requests.increment();
        Counter later = Counter.builder("gateway.requests").tags("model", "gpt-4o", "provider", "openai", "status", "502").register(registry);
        later.increment();
        assertThat(pusher.push()).isTrue();

        DecodedWrite first = DecodedWrite.of(receiver.received().get(0).body());
        DecodedWrite second = DecodedWrite.of(receiver.received().get(1).body());
        assertThat(first.named("gateway_test_gauge").getFirst().samples()).hasSize(1);
        assertThat(second.named("gateway_requests_total")).allSatisfy(series -> assertThat(series.samples())
                .extracting(DecodedWrite.Sample::value)
                .isEqualTo("200".equals(series.labels().get("status")) ? List.of(2.0) : List.of(0.0, 1.0)));
    }

    @Test
    void inlineTheRequestWaitsForThePushThatIncludesIt() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        receiver.on(PATH, exchange -> {
            arrived.countDown();
            release.await();
            FakeUpstream.json(204, "").answer(exchange);
        });
        RemoteWritePusher inline = new RemoteWritePusher(settings(new RemoteWriteSettings.Auth.None(), Duration.ZERO),
                registry.getPrometheusRegistry()::scrape, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                null, Clock.systemUTC(), nanos::get, "fn", true);
        requests.increment();
        Thread request = Thread.ofVirtual().start(() -> inline.completed(null));

        assertThat(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(request.isAlive()).as("still inside the request while the push is on the wire").isTrue();
        release.countDown();
        request.join(10_000);
        assertThat(request.isAlive()).isFalse();
        assertThat(requestsIn(receiver.last())).isEqualTo(1);
    }

    @Test
    void valuesStayCumulativeAcrossPushesAndAFailedPushIsMadeGoodByTheNext(CapturedOutput output) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.on(PATH, exchange -> FakeUpstream.json(calls.incrementAndGet() == 2 ? 503 : 204, "busy").answer(exchange));
        RemoteWritePusher pusher = pusher(new RemoteWriteSettings.Auth.None());

        requests.increment();
        assertThat(pusher.push()).isTrue();
        requests.increment(2);
        assertThat(pusher.push()).as("the receiver failed this one").isFalse();
        requests.increment();
        assertThat(pusher.push()).isTrue();

        List<FakeUpstream.Received> received = receiver.received();
        assertThat(received).hasSize(3);
        assertThat(requestsIn(received.get(0))).isEqualTo(1);
        assertThat(requestsIn(received.get(2))).as("the total, including what the failed push carried").isEqualTo(4);
        assertThat(output.getAll()).contains("answered 503");
        long t0 = DecodedWrite.of(received.get(0).body()).series().getFirst().samples().getLast().timestamp();
        long t2 = DecodedWrite.of(received.get(2).body()).series().getFirst().samples().getLast().timestamp();
        assertThat(t2).isGreaterThan(t0);
        assertThat(DecodedWrite.of(received.get(2).body()).named("gateway_requests_total").getFirst().labels().get("instance"))
                .as("one instance per process").isEqualTo(DecodedWrite.of(received.get(0).body())
                        .named("gateway_requests_total").getFirst().labels().get("instance"));
    }

    @Test
    void unreachableReceiverNeverThrows() {
        RemoteWriteSettings settings = new RemoteWriteSettings(URI.create("http://127.0.0.1:1/api/v1/write"),
                new RemoteWriteSettings.Auth.None(), Duration.ZERO, Duration.ofSeconds(1), "j", "i");
        RemoteWritePusher pusher = pusher(settings, null, Clock.systemUTC());
        assertThat(pusher.push()).isFalse();
        pusher.completed(null); // the request-end trigger: queues a push that fails in the background
        pusher.close();
    }

    @Test
    void requestEndsPushOnlyOncePerIntervalAndShutdownPushesTheRest() throws Exception {
        receiver.on(PATH, FakeUpstream.json(204, ""));
        RemoteWritePusher pusher = pusher(settings(new RemoteWriteSettings.Auth.None(), Duration.ofSeconds(60)), null, Clock.systemUTC());

        requests.increment();
        pusher.completed(null); // first request end: due at once
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        requests.increment();
        pusher.completed(null);
        Thread.sleep(300);
        assertThat(receiver.received()).as("not due yet").hasSize(1);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        pusher.completed(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 2);
        assertThat(requestsIn(receiver.last())).isEqualTo(2);

        requests.increment();
        pusher.close();
        assertThat(receiver.received()).hasSize(3);
        assertThat(requestsIn(receiver.last())).as("shutdown pushes the final values").isEqualTo(3);
    }

    @Test
    void aConnectionThatDiesWithoutAnAnswerIsRetriedOnceOnANewOne() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.on(PATH, exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.close(); // as a pooled connection the endpoint closed during a freeze: no status line
                return;
            }
            FakeUpstream.json(204, "").answer(exchange);
        });
        requests.increment();

        assertThat(pusher(new RemoteWriteSettings.Auth.None()).push()).isTrue();

        assertThat(receiver.received()).hasSize(2);
        assertThat(requestsIn(receiver.last())).isEqualTo(1);
        assertThat(receiver.received().get(1).body()).as("the same values again").isEqualTo(receiver.received().get(0).body());
    }

    @Test
    void anEndpointThatAnswersWithAnErrorIsNotRetried() throws Exception {
        receiver.on(PATH, FakeUpstream.json(500, "no"));
        assertThat(pusher(new RemoteWriteSettings.Auth.None()).push()).isFalse();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void shutdownPushesOnceAndTheSecondCloseOnlyIfARequestEndedInBetween(CapturedOutput output) throws Exception {
        receiver.on(PATH, FakeUpstream.json(204, ""));
        RemoteWritePusher pusher = pusher(settings(new RemoteWriteSettings.Auth.None(), Duration.ofSeconds(60)), null, Clock.systemUTC());
        requests.increment();

        pusher.close(); // shutdown begins
        pusher.close(); // the beans are destroyed: nothing new
        assertThat(receiver.received()).hasSize(1);
        assertThat(output.getAll()).containsOnlyOnce("shutdown push done in ");

        requests.increment();
        pusher.completed(null); // a request that ended during a graceful shutdown (the background worker is gone)
        pusher.close();
        assertThat(receiver.received()).hasSize(2);
        assertThat(requestsIn(receiver.last())).isEqualTo(2);
    }

    @Test
    void basicAuthAndBearerTokenAreSentButNeverLogged(CapturedOutput output) throws Exception {
        receiver.on(PATH, exchange -> FakeUpstream.json(401, "denied: " + exchange.getRequestHeaders().getFirst("Authorization"))
                .answer(exchange));
        assertThat(pusher(new RemoteWriteSettings.Auth.Basic("metrics", "s3cret-pass")).push()).isFalse();
        assertThat(receiver.last().headers().get("authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("metrics:s3cret-pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(pusher(new RemoteWriteSettings.Auth.Bearer("tok-very-secret")).push()).isFalse();
        assertThat(receiver.last().headers().get("authorization")).isEqualTo("Bearer tok-very-secret");

        assertThat(output.getAll()).contains("answered 401").doesNotContain("s3cret-pass").doesNotContain("tok-very-secret")
                .doesNotContain(Base64.getEncoder().encodeToString("metrics:s3cret-pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(new RemoteWriteSettings.Auth.Basic("u", "s3cret-pass").toString()).doesNotContain("s3cret-pass");
        assertThat(new RemoteWriteSettings.Auth.Bearer("tok-very-secret").toString()).doesNotContain("tok-very-secret");
    }

    @Test
    void sigV4SignatureVerifiesAgainstAnIndependentComputation() throws Exception {
        receiver.on(PATH, FakeUpstream.json(200, ""));
        Instant now = Instant.parse("2026-11-25T10:15:30Z");
        SigV4 signer = new SigV4(StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-1")), "eu-west-1", Clock.fixed(now, ZoneOffset.UTC));
        RemoteWritePusher pusher = pusher(settings(new RemoteWriteSettings.Auth.SigV4("eu-west-1"), Duration.ofSeconds(60)),
                signer, Clock.systemUTC());

        assertThat(pusher.push()).isTrue();

        FakeUpstream.Received r = receiver.last();
        Map<String, String> headers = r.headers();
        assertThat(headers).containsEntry("x-amz-date", "20261125T101530Z").containsEntry("x-amz-security-token", "session-token-1");
        String authorization = headers.get("authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/eu-west-1/aps/aws4_request, SignedHeaders=");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        assertThat(signedHeaders.split(";")).contains("host", "x-amz-date", "content-type", "content-encoding",
                "x-prometheus-remote-write-version");

        // Canonical request as the SigV4 specification builds it, from what actually arrived.
        StringBuilder canonical = new StringBuilder("POST\n").append(r.path()).append("\n\n");
        for (String name : signedHeaders.split(";")) canonical.append(name).append(':').append(headers.get(name).trim()).append('\n');
        canonical.append('\n').append(signedHeaders).append('\n').append(hex(sha256(r.body())));
        String scope = "20261125/eu-west-1/aps/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n20261125T101530Z\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").getBytes(StandardCharsets.UTF_8), "20261125");
        for (String part : List.of("eu-west-1", "aps", "aws4_request")) key = hmac(key, part);
        assertThat(authorization).endsWith("Signature=" + hex(hmac(key, toSign)));
    }

    @Test
    void settingsComeFromTheEnvironmentAndRejectAmbiguousAuth() {
        assertThat(RemoteWriteSettings.fromEnv(Env.of(Map.of()))).isNull();
        RemoteWriteSettings amp = RemoteWriteSettings.fromEnv(Env.of(Map.of(
                "PROMETHEUS_REMOTE_WRITE_URL", "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write",
                "PROMETHEUS_REMOTE_WRITE_SIGV4", "true", "AWS_REGION", "eu-west-1",
                "PROMETHEUS_REMOTE_WRITE_INTERVAL_SECONDS", "15")));
        assertThat(amp.auth()).isEqualTo(new RemoteWriteSettings.Auth.SigV4("eu-west-1"));
        assertThat(amp.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(amp.job()).isEqualTo("llm-gateway");
        assertThatThrownBy(() -> RemoteWriteSettings.fromEnv(Env.of(Map.of("PROMETHEUS_REMOTE_WRITE_URL", "http://x/w",
                "PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN", "t", "PROMETHEUS_REMOTE_WRITE_SIGV4", "true"))))
                .hasMessageContaining("only one");
        assertThatThrownBy(() -> RemoteWriteSettings.fromEnv(Env.of(Map.of("PROMETHEUS_REMOTE_WRITE_URL", "http://x/w",
                "PROMETHEUS_REMOTE_WRITE_USERNAME", "u"))))
                .hasMessageContaining("PROMETHEUS_REMOTE_WRITE_PASSWORD");
        assertThatThrownBy(() -> RemoteWriteSettings.fromEnv(Env.of(Map.of("PROMETHEUS_REMOTE_WRITE_URL", "http://u:pw@x/w"))))
                .hasMessageContaining("must not contain credentials").hasMessageNotContaining("pw");
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

}
