package dev.llmgateway.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.RequestTrace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Off without an endpoint; on Lambda each request's spans are exported before it returns; X-Ray parents are continued. */
class TelemetryTest {
    private final List<SpanData> exported = new CopyOnWriteArrayList<>();

    private final SpanExporter exporter = new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    };

    /** A batch processor that, left alone, would export only after an hour. */
    private Telemetry telemetry(boolean lambda) {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(Duration.ofHours(1)).setMaxExportBatchSize(512).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        return new Telemetry(sdk, lambda, Duration.ofMinutes(1), System::nanoTime);
    }

    private static CompletedRequest done() {
        return CompletedRequest.builder().requestId("req_1").api("chat.completions").requestedModel("gpt-4o").model("gpt-4o")
                .provider("openai").status(200).latency(Duration.ofMillis(5)).build();
    }

    @Test
    void withoutAnEndpointNothingIsTraced() {
        Telemetry off = Telemetry.fromEnv(new Env(Map.<String, String>of()::get));
        assertThat(off.enabled()).isFalse();
        assertThat(off.start(name -> null, "chat.completions")).isSameAs(RequestTrace.NONE);
        assertThat(off.metrics()).isNull();
    }

    @Test
    void onLambdaARequestsSpansAreExportedBeforeItEnds() {
        try (Telemetry telemetry = telemetry(true)) {
            RequestTrace trace = telemetry.start(name -> null, "chat.completions");
            trace.attemptStarted("openai", "gpt-4o");
            trace.attemptEnded(null);
            trace.completed(done());

            assertThat(exported).extracting(SpanData::getName).containsExactlyInAnyOrder("chat gpt-4o", "chat gpt-4o");
        }
    }

    @Test
    void elsewhereTheBatchProcessorExportsInItsOwnTime() {
        try (Telemetry telemetry = telemetry(false)) {
            telemetry.start(name -> null, "chat.completions").completed(done());
            assertThat(exported).isEmpty();
        }
        assertThat(exported).as("exported at shutdown").hasSize(1);
    }

    @Test
    void anXRayTraceHeaderIsContinuedWhenThereIsNoTraceparent() {
        SpanContext parent = Span.fromContext(XRayHeader.parent("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
                .getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(parent.getSpanId()).isEqualTo("53995c3f42cd8ad8");
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent.isRemote()).isTrue();
        for (String bad : new String[] {null, "", "Root=1-xyz;Parent=53995c3f42cd8ad8", "Root=1-5759e988-bd862e3fe1be46a994272793"}) {
            assertThat(Span.fromContext(XRayHeader.parent(bad)).getSpanContext().isValid()).as("%s", bad).isFalse();
        }

        try (Telemetry telemetry = telemetry(true)) {
            Map<String, String> headers = Map.of("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
            telemetry.start(headers::get, "embeddings").completed(done());
        }
        assertThat(exported).singleElement().satisfies(span -> {
            assertThat(span.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
            assertThat(span.getParentSpanId()).isEqualTo("53995c3f42cd8ad8");
        });
    }
}
