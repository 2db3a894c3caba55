package dev.llmgateway.gateway.metrics;

import java.util.function.Function;

/** Starts the trace of each arriving request ({@link RequestTrace#NONE} when tracing is off). */
@FunctionalInterface
public interface RequestTraces {
    RequestTraces NONE = (headers, api) -> RequestTrace.NONE;

    /** The trace of a request with these {@code headers} (by name) to {@code api} (null outside {@code /v1}). */
    RequestTrace start(Function<String, String> headers, String api);
}
