package dev.llmgateway.core.http;

import dev.llmgateway.core.config.Env;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The process-wide upstream HTTP client, its time limits and the timer of the streams' idle guards.
 * One {@link HttpClient} keeps connections alive across requests (and across Lambda invocations of
 * one environment).
 */
public record UpstreamHttp(HttpClient client, Timeouts timeouts, ScheduledExecutorService timer) {

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
        return new UpstreamHttp(client, timeouts, timer);
    }
}
