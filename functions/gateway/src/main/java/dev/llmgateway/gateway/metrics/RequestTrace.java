package dev.llmgateway.gateway.metrics;

/**
 * The trace of one request, told by its {@link RequestMeter} as things happen: each upstream
 * attempt as it starts and ends (so its span is current while the call runs and its context goes
 * upstream), and the finished record once. {@link #NONE} when tracing is off.
 */
public interface RequestTrace {
    RequestTrace NONE = new RequestTrace() {};

    /** Failover is calling {@code provider}'s {@code model} now. */
    default void attemptStarted(String provider, String model) {}

    /** The attempt in progress ended; {@code errorCode} is null when it succeeded. */
    default void attemptEnded(String errorCode) {}

    /** The request is complete; its record is final (uncounted requests too). */
    default void completed(CompletedRequest request) {}

    /** Whether the request's messages and answer are to be recorded (opt-in; {@link GenAiContent}). */
    default boolean capturesContent() {
        return false;
    }

    /** The trace id, for the MDC; null when not traced. */
    default String traceId() {
        return null;
    }
}
