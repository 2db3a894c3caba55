package dev.llmgateway.gateway.config;

/** Limits on what a client may send; a larger body gets 413 before the gateway parses it. */
public record RequestLimits(long maxBodyBytes) {}
