package dev.llmgateway.core.http;

import dev.llmgateway.core.config.Env;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The process-wide upstream HTTP client, its time limits, the timer of the streams' idle guards, and
 * the limit on a buffered answer. One {@link HttpClient} keeps connections alive across requests (and
 * across Lambda invocations of one environment).
 *
 * @param maxResponseBytes limit for a buffered answer's body; a larger one is a 502 naming it
 */
public record UpstreamHttp(HttpClient client, Timeouts timeouts, ScheduledExecutorService timer, long maxResponseBytes) {
    /** The default buffered-answer limit: 64 MiB, far above any text answer, below what would strain a Lambda's memory. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    public static final String MAX_RESPONSE_BYTES_VARIABLE = "UPSTREAM_MAX_RESPONSE_BYTES";

    public UpstreamHttp(HttpClient client, Timeouts timeouts, ScheduledExecutorService timer) {
        this(client, timeouts, timer, DEFAULT_MAX_RESPONSE_BYTES);
    }

    public static UpstreamHttp fromEnv(Env env) {
        Timeouts timeouts = Timeouts.fromEnv(env);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upstream-idle-timer");
            t.setDaemon(true);
            return t;
        });
        return new UpstreamHttp(client, timeouts, timer, env.number(MAX_RESPONSE_BYTES_VARIABLE, DEFAULT_MAX_RESPONSE_BYTES));
    }
}
