package dev.llmgateway.gateway.e2e;

import dev.llmgateway.admin.Beside;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The admin application beside a test's gateway, as {@code bin/run-local} runs it: one per gateway
 * context, on a random port, on that gateway's stores, started on first use and closed with it. The
 * end-to-end tests create tenants, keys and routes through it, as an operator would.
 */
final class AdminBeside {
    private static final Map<ApplicationContext, ConfigurableApplicationContext> STARTED = new ConcurrentHashMap<>();

    private AdminBeside() {}

    /** {@code http://localhost:<port>} of the admin application beside {@code gateway}. */
    static String baseUrl(ApplicationContext gateway) {
        ConfigurableApplicationContext admin = STARTED.computeIfAbsent(gateway, AdminBeside::start);
        return "http://localhost:" + admin.getEnvironment().getProperty("local.server.port");
    }

    private static ConfigurableApplicationContext start(ApplicationContext gateway) {
        ConfigurableApplicationContext admin = Beside.start(gateway, "--server.port=0");
        ((ConfigurableApplicationContext) gateway).addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == gateway) {
                STARTED.remove(gateway);
                admin.close();
            }
        });
        return admin;
    }
}
