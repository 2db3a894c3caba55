package dev.llmgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.spi.ChunkSink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-request meter on a hand-driven clock: what it records, when, and only once. */
class RequestMeterTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<CompletedRequest> recorded = new ArrayList<>();
    private final Metering metering = new Metering(clock::get, List.of(recorded::add), 3);

    private void advanceMillis(long millis) {
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    private RequestMeter counted() {
        RequestMeter meter = metering.start();
        meter.count();
        return meter;
    }

    @Test
    void bufferedRequestIsRecordedOnceWithOverheadExcludingTheUpstreamCall() throws IOException {
        RequestMeter meter = counted();
        advanceMillis(3); // read and parse
        meter.routed("openai", "gpt-4o");
        meter.upstream(() -> {
            advanceMillis(500);
            assertThat(meter.overheadMillis()).as("a call in progress is upstream time").isEqualTo("3.000");
            return null;
        });
        meter.usage(Usage.of(19, 10));
        advanceMillis(2);
        assertThat(meter.overheadMillis()).isEqualTo("5.000");
        meter.close(200);
        meter.close(500);

        assertThat(recorded).hasSize(1);
        CompletedRequest r = recorded.getFirst();
        assertThat(r.model()).isEqualTo("gpt-4o");
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.latency()).isEqualTo(Duration.ofMillis(505));
        assertThat(r.timeToFirstToken()).isNull();
        assertThat(r.usage().completionTokens()).isEqualTo(10);
        assertThat(r.stream()).isFalse();
    }

    @Test
    void requestWhoseHandlerNeverAskedForTheMeterIsNotRecorded() {
        RequestMeter meter = metering.start();
        meter.close(200);
        assertThat(recorded).isEmpty();
    }

    @Test
    void streamRecordsTheFirstChunkOnlyAndItsOutcome() throws IOException {
        RequestMeter meter = counted();
        meter.routed("ollama", "ollama/llama3.2");
        List<byte[]> sent = new ArrayList<>();
        ChunkSink sink = meter.streamingTo(sent::add);
        meter.upstream(() -> {
            advanceMillis(200);
            sink.send(new byte[] {1});
            advanceMillis(300);
            sink.send(new byte[] {2});
            return null;
        });
        advanceMillis(1);
        meter.close(200);

        CompletedRequest r = recorded.getFirst();
        assertThat(sent).hasSize(2);
        assertThat(r.stream()).isTrue();
        assertThat(r.timeToFirstToken()).isEqualTo(Duration.ofMillis(200));
        assertThat(r.latency()).isEqualTo(Duration.ofMillis(501));
    }

    @Test
    void startedStreamThatFailsUpstreamCountsTheFailureStatusAndOneProviderError() {
        RequestMeter meter = counted();
        meter.routed("openai", "gpt-4o");
        GatewayError failure = GatewayError.upstreamTimeout("openai", "sent nothing for 60 s");
        assertThatThrownBy(() -> meter.upstream(() -> { throw failure; })).isSameAs(failure);
        meter.streamFailed(failure);
        meter.close(200); // the 200 on the wire

        CompletedRequest r = recorded.getFirst();
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.providerErrors()).containsExactly(new CompletedRequest.ProviderError("openai", "upstream_timeout"));
    }

    @Test
    void clientDisconnectIs499AndNoProviderError() {
        RequestMeter meter = counted();
        meter.routed("openai", "gpt-4o");
        assertThatThrownBy(() -> meter.upstream(() -> { throw new IOException("Broken pipe"); })).isInstanceOf(IOException.class);
        meter.clientDisconnected();
        meter.close(200);

        assertThat(recorded.getFirst().status()).isEqualTo(499);
        assertThat(recorded.getFirst().providerErrors()).isEmpty();
    }

    @Test
    void gatewaysOwnRejectionIsNoProviderError() {
        RequestMeter meter = counted();
        meter.routed("ollama", "ollama/llama3.2");
        GatewayError unsupported = GatewayError.unsupported("ollama", "logit_bias", null);
        assertThatThrownBy(() -> meter.upstream(() -> { throw unsupported; })).isSameAs(unsupported);
        meter.close(400);
        assertThat(recorded.getFirst().providerErrors()).isEmpty();
        assertThat(recorded.getFirst().status()).isEqualTo(400);
    }

    @Test
    void unresolvedRequestHasTheFixedModelAndNoProvider() {
        RequestMeter meter = counted();
        meter.close(404);
        CompletedRequest r = recorded.getFirst();
        assertThat(r.model()).isEqualTo(LabelValues.UNKNOWN_MODEL);
        assertThat(r.provider()).isEqualTo(LabelValues.NO_PROVIDER);
        assertThat(r.routed()).isFalse();
    }

    @Test
    void modelLabelsAreBoundedPerProcess() {
        for (int i = 0; i < 5; i++) {
            RequestMeter meter = counted();
            meter.routed("openai", "gpt-" + i);
            meter.close(200);
        }
        assertThat(recorded).extracting(CompletedRequest::model).containsExactly("gpt-0", "gpt-1", "gpt-2", "other", "other");
        RequestMeter again = counted();
        again.routed("openai", "gpt-1");
        again.close(200);
        assertThat(recorded.getLast().model()).as("an admitted value stays itself").isEqualTo("gpt-1");
    }

    @Test
    void coldStartIsTheFirstRecordedRequestOnly() {
        for (int i = 0; i < 3; i++) counted().close(200);
        assertThat(recorded).extracting(CompletedRequest::coldStart).containsExactly(true, false, false);
    }

    @Test
    void routingAndBudgetEventsAreCarriedToTheSinks() {
        RequestMeter meter = counted();
        meter.tenant("acme");
        meter.routed("openai", "gpt-4o");
        meter.fallback("anthropic", "openai");
        meter.retry();
        meter.retry();
        meter.cost(0.25);
        meter.cost(0.5);
        meter.downgraded("gpt-4o", "gpt-4o-mini");
        meter.budgetBlocked();
        meter.close(200);

        CompletedRequest r = recorded.getFirst();
        assertThat(r.tenant()).isEqualTo("acme");
        assertThat(r.fallbacks()).containsExactly(new CompletedRequest.Fallback("anthropic", "openai"));
        assertThat(r.retries()).isEqualTo(2);
        assertThat(r.costDollars()).isEqualTo(0.75);
        assertThat(r.downgrade()).isEqualTo(new CompletedRequest.Downgrade("gpt-4o", "gpt-4o-mini"));
        assertThat(r.budgetBlocked()).isTrue();
    }

    @Test
    void eachFailoverAttemptIsTimedAndTheFailedOneKeepsItsErrorCode() throws IOException {
        RequestMeter meter = counted();
        advanceMillis(2);
        meter.upstream(() -> {
            meter.attempting("openai", "gpt-4o");
            advanceMillis(40);
            meter.providerError("openai", GatewayError.upstream(502, "upstream_error", "overloaded", null, "upstream_error", null));
            meter.attempting("anthropic", "claude-sonnet-4-5");
            assertThat(meter.calledProvider()).isEqualTo("anthropic");
            advanceMillis(100);
            return null;
        });
        meter.close(200);

        assertThat(recorded.getFirst().attempts()).containsExactly(
                new CompletedRequest.Attempt("openai", "gpt-4o", Duration.ofMillis(2), Duration.ofMillis(42), "upstream_error"),
                new CompletedRequest.Attempt("anthropic", "claude-sonnet-4-5", Duration.ofMillis(42), Duration.ofMillis(142), null));
    }

    @Test
    void theRecordCarriesTheRequestIdApiAndExactValuesBesideTheLabels() {
        Metering bounded = new Metering(clock::get, List.of(recorded::add), 1);
        bounded.start("req_x", "chat.completions").count(); // never closed: only takes the one label value
        RequestMeter first = bounded.start("req_a", "chat.completions");
        first.count();
        first.routed("openai", "gpt-4o");
        first.close(200);
        RequestMeter meter = bounded.start("req_b", "embeddings");
        meter.count();
        meter.tenant("acme");
        meter.routed("openai", "text-embedding-3-small", "text-embedding-3-small");
        meter.downgraded("text-embedding-3-large", "text-embedding-3-small");
        meter.close(200);

        CompletedRequest r = recorded.getLast();
        assertThat(r.requestId()).isEqualTo("req_b");
        assertThat(r.api()).isEqualTo("embeddings");
        assertThat(r.model()).as("past the label limit").isEqualTo(LabelValues.OTHER);
        assertThat(r.requestedModel()).isEqualTo("text-embedding-3-small");
        assertThat(r.tenantId()).isEqualTo("acme");
        assertThat(r.exactDowngrade()).isEqualTo(new CompletedRequest.Downgrade("text-embedding-3-large", "text-embedding-3-small"));
        assertThat(r.downgrade()).isEqualTo(new CompletedRequest.Downgrade(LabelValues.OTHER, LabelValues.OTHER));
    }

    @Test
    void failingSinkDoesNotStopTheOthers() {
        List<CompletedRequest> second = new ArrayList<>();
        Metering withBadSink = new Metering(clock::get, List.of(r -> { throw new IllegalStateException("boom"); }, second::add), 10);
        RequestMeter meter = withBadSink.start();
        meter.count();
        meter.close(200);
        assertThat(second).hasSize(1);
    }

    @Test
    void errorCodesAreSanitisedAndAMissingOneNamesTheStatus() {
        LabelValues codes = new LabelValues(10);
        assertThat(codes.errorCode("rate_limit_exceeded", 429)).isEqualTo("rate_limit_exceeded");
        assertThat(codes.errorCode(null, 400)).isEqualTo("http_400");
        assertThat(codes.errorCode("bad code {\"x\"}", 400)).isEqualTo("bad_code___x__");
        assertThat(codes.errorCode("x".repeat(200), 400)).hasSize(64);
    }
}
