package dev.llmgateway.gateway.metrics.remotewrite;

import dev.llmgateway.core.config.Env;
import java.net.URI;
import java.time.Duration;

/**
 * Remote-write settings from the environment. At most one way to authenticate: basic auth, a bearer
 * token, or SigV4 (Amazon Managed Prometheus). {@link #toString()} never shows a secret.
 *
 * @param instance the {@code instance} label; null: generated once per process at the first push
 */
public record RemoteWriteSettings(URI url, Auth auth, Duration interval, Duration timeout, String job, String instance) {

    /** How pushes authenticate. */
    public sealed interface Auth {
        record None() implements Auth {}

        record Basic(String username, String password) implements Auth {
            @Override
            public String toString() {
                return "Basic[username=" + username + ", password=***]";
            }
        }

        record Bearer(String token) implements Auth {
            @Override
            public String toString() {
                return "Bearer[***]";
            }
        }

        record SigV4(String region) implements Auth {}
    }

    /** Null when {@code PROMETHEUS_REMOTE_WRITE_URL} is unset (remote write off). */
    public static RemoteWriteSettings fromEnv(Env env) {
        String url = env.get("PROMETHEUS_REMOTE_WRITE_URL");
        if (url == null) return null;
        URI uri = URI.create(url);
        if (uri.getUserInfo() != null) {
            // Credentials in a URL end up in logs and error messages; the dedicated variables do not.
            throw new IllegalArgumentException("PROMETHEUS_REMOTE_WRITE_URL must not contain credentials: "
                    + "use PROMETHEUS_REMOTE_WRITE_USERNAME/_PASSWORD or PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN");
        }
        return new RemoteWriteSettings(uri, auth(env),
                Duration.ofSeconds(env.number("PROMETHEUS_REMOTE_WRITE_INTERVAL_SECONDS", 60)),
                env.millis("PROMETHEUS_REMOTE_WRITE_TIMEOUT_MS", Duration.ofSeconds(5)),
                env.get("PROMETHEUS_REMOTE_WRITE_JOB", "llm-gateway"),
                env.get("PROMETHEUS_REMOTE_WRITE_INSTANCE"));
    }

    private static Auth auth(Env env) {
        String username = env.get("PROMETHEUS_REMOTE_WRITE_USERNAME");
        String password = env.get("PROMETHEUS_REMOTE_WRITE_PASSWORD");
        String token = env.get("PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN");
        boolean sigv4 = env.flag("PROMETHEUS_REMOTE_WRITE_SIGV4", false);
        int ways = (username != null || password != null ? 1 : 0) + (token != null ? 1 : 0) + (sigv4 ? 1 : 0);
        if (ways > 1) {
            throw new IllegalArgumentException("Remote write: set only one of basic auth (PROMETHEUS_REMOTE_WRITE_USERNAME/"
                    + "_PASSWORD), PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN or PROMETHEUS_REMOTE_WRITE_SIGV4=true");
        }
        if (username != null || password != null) {
            if (username == null || password == null) {
                throw new IllegalArgumentException("Remote write basic auth needs both PROMETHEUS_REMOTE_WRITE_USERNAME "
                        + "and PROMETHEUS_REMOTE_WRITE_PASSWORD");
            }
            return new Auth.Basic(username, password);
        }
        if (token != null) return new Auth.Bearer(token);
        if (sigv4) {
            String region = env.get("PROMETHEUS_REMOTE_WRITE_REGION", env.get("AWS_REGION"));
            if (region == null) {
                throw new IllegalArgumentException("PROMETHEUS_REMOTE_WRITE_SIGV4=true needs a region: "
                        + "PROMETHEUS_REMOTE_WRITE_REGION or AWS_REGION");
            }
            return new Auth.SigV4(region);
        }
        return new Auth.None();
    }

    /** Where pushes go, for log lines: scheme, host and path only. */
    public String target() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + url.getPath();
    }
}
