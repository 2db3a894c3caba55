package dev.llmgateway.local;

import dev.llmgateway.admin.Beside;
import dev.llmgateway.gateway.GatewayApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bin/run-local}: the gateway on {@code PORT} (8080) and the admin console on
 * {@code CONSOLE_PORT} (8090), two applications in one process sharing the gateway's stores, so
 * what the console changes is what the gateway serves next.
 */
public final class LocalRun {
    private LocalRun() {}

    public static void main(String[] args) {
        ConfigurableApplicationContext gateway = SpringApplication.run(GatewayApplication.class, args);
        Beside.start(gateway);
    }
}
