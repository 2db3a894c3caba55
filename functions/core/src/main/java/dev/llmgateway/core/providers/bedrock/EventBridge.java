package dev.llmgateway.core.providers.bedrock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * Hands event-stream events (ConverseStream's, InvokeModelWithResponseStream's) from the SDK's
 * event-loop threads to the request's thread, so chunks are written (and a gone client noticed)
 * on the caller's thread.
 * Demand is the bound: at most {@link #WINDOW} events are requested ahead of the consumer, and one
 * more only after it has taken one, so a slow client slows the upstream read instead of filling memory.
 */
abstract class EventBridge<R, E> implements EventStreamResponseHandler<R, E> {
    static final int WINDOW = 16;

    /** ConverseStream's events. */
    static final class Converse extends EventBridge<ConverseStreamResponse, ConverseStreamOutput>
            implements ConverseStreamResponseHandler {}

    /** InvokeModelWithResponseStream's events: each chunk is a {@code PayloadPart} of the model's own bytes. */
    static final class Invoke extends EventBridge<InvokeModelWithResponseStreamResponse, ResponseStream>
            implements InvokeModelWithResponseStreamResponseHandler {}

    /** What the consumer takes: an event, the end of the stream, or a failure. */
    sealed interface Signal<E> {
        record Event<E>(E event) implements Signal<E> {}
        record Completed<E>() implements Signal<E> {}
        record Failed<E>(Throwable error) implements Signal<E> {}
    }

    private final LinkedBlockingQueue<Signal<E>> queue = new LinkedBlockingQueue<>();
    private volatile Subscription subscription;
    private volatile boolean cancelled;

    /** Also watches the call itself: an HTTP error fails the call before any event stream exists. */
    void watch(CompletableFuture<Void> call) {
        call.whenComplete((ok, error) -> {
            if (error != null) queue.add(new Signal.Failed<>(error));
        });
    }

    /** The next signal, or null when none came within {@code timeout}. */
    Signal<E> next(Duration timeout) throws InterruptedException {
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
    public void responseReceived(R response) {
        // the initial response has no fields the gateway needs
    }

    @Override
    public void onEventStream(SdkPublisher<E> publisher) {
        publisher.subscribe(new Subscriber<E>() {
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
            public void onNext(E event) {
                queue.add(new Signal.Event<>(event));
            }

            @Override
            public void onError(Throwable t) {
                queue.add(new Signal.Failed<>(t));
            }

            @Override
            public void onComplete() {
                queue.add(new Signal.Completed<>());
            }
        });
    }

    @Override
    public void exceptionOccurred(Throwable throwable) {
        queue.add(new Signal.Failed<>(throwable));
    }

    @Override
    public void complete() {
        // the subscriber's onComplete already signalled the end, after the last event
    }
}
