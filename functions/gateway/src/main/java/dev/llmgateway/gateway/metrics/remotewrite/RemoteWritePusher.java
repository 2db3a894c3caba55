package dev.llmgateway.gateway.metrics.remotewrite;

import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.RequestSink;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Pushes the registry's series to a Prometheus remote-write endpoint (protocol 1.0). There is no
 * timer: when a request ends and the interval has passed since the last push, a push is made, and
 * the process pushes once more when it shuts down (on Lambda that is the SIGTERM of the Shutdown
 * phase, which leaves the runtime about 300 ms: the shutdown push is the first thing done). Inline
 * (on Lambda) the push runs on the request's thread before its response completes, so it is done
 * before the invocation ends and the environment may freeze; otherwise it is queued on one
 * background thread after the response.
 * Values are cumulative, so a failed push is simply superseded by the next one and never fails a
 * request. A counter or histogram series this process has not pushed before starts with a 0 sample,
 * so {@code increase()} sees its first requests. Each process labels its series with its own
 * {@code instance}, so concurrent Lambda environments write separate series instead of overwriting
 * each other's.
 */
public final class RemoteWritePusher implements RequestSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteWritePusher.class);
    private static final int MAX_ERROR_BODY = 512;
    private static final long ZERO_MAX_AGE_MILLIS = 10 * 60 * 1000;

    private final RemoteWriteSettings settings;
    private final Supplier<MetricSnapshots> source;
    private final HttpClient http;
    private final SigV4 sigV4;
    private final Clock clock;
    private final LongSupplier nanos;
    private final String instancePrefix;
    private final ExecutorService worker =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("remote-write").factory());
    private final AtomicBoolean pending = new AtomicBoolean();
    /** A request ended since the last push began: the shutdown push has something to add. */
    private final AtomicBoolean unpushed = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean inline;
    /** Cumulative series already sent (their zero start is behind them); a failed push's still count, so nothing is counted twice. */
    private final java.util.Set<List<Series.Label>> started = new java.util.HashSet<>();

    private volatile long lastTrigger = Long.MIN_VALUE;
    private String instance; // decided at the first push: after a snapshot restore, not before
    private long lastTimestamp;

    /**
     * @param sigV4 the signer when settings ask for SigV4, else null
     * @param instancePrefix start of a generated instance label (function name or host)
     */
    RemoteWritePusher(RemoteWriteSettings settings, Supplier<MetricSnapshots> source, HttpClient http, SigV4 sigV4,
                             Clock clock, LongSupplier nanos, String instancePrefix) {
        this(settings, source, http, sigV4, clock, nanos, instancePrefix, false);
    }

    /** @param inline push on the request's thread before its response completes (Lambda), not in the background */
    RemoteWritePusher(RemoteWriteSettings settings, Supplier<MetricSnapshots> source, HttpClient http, SigV4 sigV4,
                      Clock clock, LongSupplier nanos, String instancePrefix, boolean inline) {
        if (settings.auth() instanceof RemoteWriteSettings.Auth.SigV4 && sigV4 == null) {
            throw new IllegalArgumentException("SigV4 settings need a signer");
        }
        this.settings = settings;
        this.source = source;
        this.http = http;
        this.sigV4 = sigV4;
        this.clock = clock;
        this.nanos = nanos;
        this.instancePrefix = instancePrefix;
        this.inline = inline;
    }

    /** The production wiring: the JDK HTTP client, the system clock and, for SigV4, the given credentials. */
    public static RemoteWritePusher create(RemoteWriteSettings settings, Supplier<MetricSnapshots> source,
                                           Supplier<AwsCredentialsProvider> credentials, String instancePrefix, boolean inline) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        SigV4 sigV4 = settings.auth() instanceof RemoteWriteSettings.Auth.SigV4(String region)
                ? new SigV4(credentials.get(), region, Clock.systemUTC()) : null;
        return new RemoteWritePusher(settings, source, http, sigV4, Clock.systemUTC(), System::nanoTime, instancePrefix, inline);
    }

    /** Called once per finished request: inline before its response completes, else after. */
    @Override
    public void completed(CompletedRequest request) {
        unpushed.set(true);
        long now = nanos.getAsLong();
        long last = lastTrigger;
        if (last != Long.MIN_VALUE && now - last < settings.interval().toNanos()) return;
        lastTrigger = now;
        if (inline) {
            // The push this request waits for includes it: the meters recorded it before this sink ran.
            long start = nanos.getAsLong();
            boolean ok = push();
            log.debug("inline push {} in {} ms", ok ? "done" : "failed", String.format(java.util.Locale.ROOT, "%.3f",
                    (nanos.getAsLong() - start) / 1e6));
            return;
        }
        // Coalesce: while a push runs, requests only mark that another is wanted.
        if (pending.getAndSet(true)) return;
        try {
            worker.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false); // shutting down: the final push covers it
        }
    }

    private void drain() {
        while (pending.getAndSet(false)) push();
    }

    /** Pushes the current values now; false (after logging why) when the endpoint did not take them. */
    public synchronized boolean push() {
        long timestamp = Math.max(clock.millis(), lastTimestamp + 1); // a series' samples must move forward
        lastTimestamp = timestamp;
        unpushed.set(false); // before the snapshot: a request recorded after it marks itself again
        List<Series> series = Series.from(source.get(), Map.of("instance", instance(), "job", settings.job()));
        byte[] body = Snappy.compress(WriteRequest.encode(series, timestamp, s -> zeroAt(s, timestamp)));
        for (Series s : series) if (s.cumulative()) started.add(s.labels());
        try {
            HttpResponse<byte[]> response = send(body);
            if (response.statusCode() / 100 == 2) {
                log.debug("pushed {} series to {}", series.size(), settings.target());
                return true;
            }
            byte[] text = response.body();
            log.warn("remote write to {} answered {}: {} (the next push sends the values again)", settings.target(),
                    response.statusCode(), redact(new String(text, 0, Math.min(text.length, MAX_ERROR_BODY), StandardCharsets.UTF_8).strip()));
        } catch (IOException | RuntimeException e) {
            log.warn("remote write to {} failed: {} (the next push sends the values again)", settings.target(), redact(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("remote write to {} interrupted", settings.target());
        }
        return false;
    }

    /**
     * One retry when the connection failed without an answer: after a freeze (a thawed Lambda
     * environment, a SnapStart restore) the pooled connection may be dead, and the JDK client retries
     * no POST itself. The body is the same cumulative values, so a second arrival changes nothing.
     */
    private HttpResponse<byte[]> send(byte[] body) throws IOException, InterruptedException {
        try {
            return http.send(request(body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            throw e; // the endpoint is slow, not the connection stale: no second wait
        } catch (IOException e) {
            log.debug("remote write to {} failed ({}), retrying once on a new connection", settings.target(), redact(e.toString()));
            return http.send(request(body), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /**
     * When a cumulative series not pushed before started at 0: its creation time if known and recent
     * (Prometheus refuses samples much older than its newest), else just before this push.
     */
    private long zeroAt(Series s, long timestamp) {
        if (!s.cumulative() || started.contains(s.labels())) return -1;
        long created = s.createdMillis();
        return created > 0 && created < timestamp && timestamp - created <= ZERO_MAX_AGE_MILLIS ? created : timestamp - 1;
    }

    private HttpRequest request(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Encoding", "snappy");
        headers.put("Content-Type", "application/x-protobuf");
        headers.put("X-Prometheus-Remote-Write-Version", "0.1.0");
        headers.put("User-Agent", "llm-gateway-remote-write/1.0");
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        switch (settings.auth()) {
            case RemoteWriteSettings.Auth.None none -> { }
            case RemoteWriteSettings.Auth.Basic(String user, String password) -> request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            case RemoteWriteSettings.Auth.Bearer(String token) -> request.header("Authorization", "Bearer " + token);
            case RemoteWriteSettings.Auth.SigV4 aws ->
                    sigV4.sign(settings.url(), headers, body).forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        }
        return request.build();
    }

    /** Whatever a server or an exception echoes back, the credentials never reach the log. */
    private String redact(String text) {
        String out = text;
        switch (settings.auth()) {
            case RemoteWriteSettings.Auth.Basic(String user, String password) -> {
                out = out.replace(password, "***").replace(Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)), "***");
            }
            case RemoteWriteSettings.Auth.Bearer(String token) -> out = out.replace(token, "***");
            default -> { }
        }
        return out;
    }

    /** The instance label: configured, or the prefix plus a random id drawn at the first push. */
    synchronized String instance() {
        if (instance == null) {
            instance = settings.instance() != null ? settings.instance()
                    : instancePrefix + "-" + HexFormat.of().formatHex(randomBytes());
        }
        return instance;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * Shutdown: lets a running push finish, then pushes the final values. Called as shutdown begins
     * and again when the beans are destroyed; the second call pushes only if a request ended in
     * between (a long-running server's graceful shutdown).
     */
    @Override
    public void close() {
        if (closed.getAndSet(true) && !unpushed.get()) return;
        long start = nanos.getAsLong();
        worker.shutdown();
        try {
            worker.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean ok = push();
        log.info("shutdown push {} in {} ms", ok ? "done" : "failed",
                String.format(java.util.Locale.ROOT, "%.3f", (nanos.getAsLong() - start) / 1e6));
    }
}
