package dev.llmgateway.core.http;

import dev.llmgateway.core.config.Env;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The process-wide upstream HTTP client and its time limits. One {@link HttpClient} keeps
 * connections alive across requests (and across Lambda invocations of one environment).
 *
 * @param requestTimeout limit for a buffered answer, and for the response headers of a stream
 * @param streamIdleTimeout limit for silence between two reads of a streaming body
 * @param maxResponseBytes limit for a buffered answer's body; a larger one is a 502 naming it
 */
public record UpstreamHttp(HttpClient client, Duration requestTimeout, Duration streamIdleTimeout,
                           ScheduledExecutorService timer, long maxResponseBytes) {
    /** The default buffered-answer limit: 64 MiB, far above any text answer, below what would strain a Lambda's memory. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    public static final String MAX_RESPONSE_BYTES_VARIABLE = "UPSTREAM_MAX_RESPONSE_BYTES";

    public UpstreamHttp(HttpClient client, Duration requestTimeout, Duration streamIdleTimeout, ScheduledExecutorService timer) {
        this(client, requestTimeout, streamIdleTimeout, timer, DEFAULT_MAX_RESPONSE_BYTES);
    }

    public static UpstreamHttp fromEnv(Env env) {
        Duration connect = env.millis("UPSTREAM_CONNECT_TIMEOUT_MS", Duration.ofSeconds(5));
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upstream-idle-timer");
            t.setDaemon(true);
            return t;
        });
        return new UpstreamHttp(client,
                env.millis("UPSTREAM_TIMEOUT_MS", Duration.ofMinutes(5)),
                env.millis("UPSTREAM_STREAM_IDLE_TIMEOUT_MS", Duration.ofSeconds(60)),
                timer,
                env.number(MAX_RESPONSE_BYTES_VARIABLE, DEFAULT_MAX_RESPONSE_BYTES));
    }
}
