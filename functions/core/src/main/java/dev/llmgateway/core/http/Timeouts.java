package dev.llmgateway.core.http;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import java.time.Duration;

/**
 * The upstream time limits every provider obeys, whatever its transport (the JDK client or the AWS
 * SDK), and the errors that report them, so a timeout reads the same for every provider.
 *
 * @param connect limit for connecting to a provider
 * @param request limit for a buffered answer, and for a stream's first answer (its response headers)
 * @param streamIdle limit for silence between two pieces of a stream
 */
public record Timeouts(Duration connect, Duration request, Duration streamIdle) {

    public static Timeouts fromEnv(Env env) {
        return new Timeouts(
                env.millis("UPSTREAM_CONNECT_TIMEOUT_MS", Duration.ofSeconds(5)),
                env.millis("UPSTREAM_TIMEOUT_MS", Duration.ofMinutes(5)),
                env.millis("UPSTREAM_STREAM_IDLE_TIMEOUT_MS", Duration.ofSeconds(60)));
    }

    /** The longer of the two read limits: a transport's own read timeout set to it never fires before ours. */
    public Duration readBackstop() {
        return request.compareTo(streamIdle) > 0 ? request : streamIdle;
    }

    /** The provider did not answer a buffered call within {@link #request}. */
    public GatewayError unanswered(String provider) {
        return GatewayError.upstreamTimeout(provider, "did not answer within " + request.toSeconds() + " s");
    }

    /** A stream did not start within {@link #request}. */
    public GatewayError notStarted(String provider) {
        return GatewayError.upstreamTimeout(provider, "did not start answering within " + request.toSeconds() + " s");
    }

    /** A stream stayed silent for {@link #streamIdle}. */
    public GatewayError silent(String provider) {
        return GatewayError.upstreamTimeout(provider, "sent nothing for " + streamIdle.toSeconds() + " s");
    }
}
