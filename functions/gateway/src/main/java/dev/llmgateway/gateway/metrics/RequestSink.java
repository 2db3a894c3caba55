package dev.llmgateway.gateway.metrics;

/**
 * Receives each finished API request once, after its response is complete: the Micrometer meters,
 * the EMF writer on Lambda and the remote-write trigger. A sink must not throw into the request;
 * {@link Metering} logs and swallows whatever one does.
 */
public interface RequestSink {
    void completed(CompletedRequest request);
}
