package dev.llmgateway.core.routing;

import java.util.OptionalDouble;

/**
 * What target selection reads of each target's health: how long it is kept out (breaker or
 * Retry-After), how long of that is the provider's own Retry-After, and its recent latency.
 * {@link TargetHealth} is the live one; {@link #ALL_HEALTHY} is for a caller without any.
 */
public interface HealthView {
    /** Nanoseconds until the target may be called again; 0 when it may be called now. */
    long blockedForNanos(TargetKey target);

    /** Nanoseconds until a Retry-After the provider gave for this target has passed; 0 when none is pending. */
    long retryAfterNanos(TargetKey target);

    /** Recent latency in milliseconds, or empty before the first measurement. */
    OptionalDouble latencyMillis(TargetKey target);

    /** Every target callable, none measured: what a process without shared health can assume. */
    HealthView ALL_HEALTHY = new HealthView() {
        @Override public long blockedForNanos(TargetKey target) { return 0; }
        @Override public long retryAfterNanos(TargetKey target) { return 0; }
        @Override public OptionalDouble latencyMillis(TargetKey target) { return OptionalDouble.empty(); }
    };
}
