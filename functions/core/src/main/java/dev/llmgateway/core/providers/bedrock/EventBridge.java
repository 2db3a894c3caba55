package dev.llmgateway.core.providers.bedrock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * Hands ConverseStream events from the SDK's event-loop threads to the thread blocked in
 * {@code stream(...)}, so chunks are written (and a gone client noticed) on the caller's thread.
 * Demand is the bound: at most {@link #WINDOW} events are requested ahead of the consumer, and one
 * more only after it has taken one, so a slow client slows the upstream read instead of filling memory.
 */
final class EventBridge implements ConverseStreamResponseHandler {
    static final int WINDOW = 16;

    /** What the consumer takes: an event, the end of the stream, or a failure. */
    sealed interface Signal {
        record Event(ConverseStreamOutput event) implements Signal {}
        record Completed() implements Signal {}
        record Failed(Throwable error) implements Signal {}
    }

    private final LinkedBlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    private volatile Subscription subscription;
    private volatile boolean cancelled;

    /** Also watches the call itself: an HTTP error fails the call before any event stream exists. */
    void watch(CompletableFuture<Void> call) {
        call.whenComplete((ok, error) -> {
            if (error != null) queue.add(new Signal.Failed(error));
        });
    }

    /** The next signal, or null when none came within {@code timeout}. */
    Signal next(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The consumer is done with one event: ask for one more. */
    void consumed() {
        Subscription s = subscription;
        if (s != null && !cancelled) s.request(1);
    }

    /** Stops reading: the SDK then aborts the HTTP exchange (the connection is closed, not reused). */
    void cancel() {
        cancelled = true;
        Subscription s = subscription;
        if (s != null) s.cancel();
    }

    @Override
    public void responseReceived(ConverseStreamResponse response) {
        // the initial response has no fields the gateway needs
    }

    @Override
    public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
        publisher.subscribe(new Subscriber<ConverseStreamOutput>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                if (cancelled) {
                    s.cancel();
                } else {
                    s.request(WINDOW);
                }
            }

            @Override
            public void onNext(ConverseStreamOutput event) {
                queue.add(new Signal.Event(event));
            }

            @Override
            public void onError(Throwable t) {
                queue.add(new Signal.Failed(t));
            }

            @Override
            public void onComplete() {
                queue.add(new Signal.Completed());
            }
        });
    }

    @Override
    public void exceptionOccurred(Throwable throwable) {
        queue.add(new Signal.Failed(throwable));
    }

    @Override
    public void complete() {
        // the subscriber's onComplete already signalled the end, after the last event
    }
}
