package dev.llmgateway.admin.console;

import dev.llmgateway.core.routing.TargetHealth;
import io.micrometer.core.instrument.MeterRegistry;

/** The gateway running in this process, as the console reads it locally: its meters, its target health and its URL. */
public record GatewayRuntime(MeterRegistry registry, TargetHealth health, String baseUrl) {}
