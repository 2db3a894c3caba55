package dev.llmgateway.admin;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The admin function: the {@code /admin} JSON API (and the console), apart from the data plane that
 * faces every client. On Lambda it runs in-process behind {@link dev.llmgateway.admin.lambda.AdminHandler};
 * locally it listens on {@code CONSOLE_PORT} (8090), beside the gateway ({@link Beside}).
 */
@SpringBootApplication
public class AdminApplication {
    /** Its settings file: {@code admin.properties}, so the gateway's {@code application.properties} never applies here. */
    public static final String CONFIG_NAME = "admin";

    public static void main(String[] args) {
        application(Map.of()).run(args);
    }

    /** The application with {@code defaults} under its settings file and the environment. */
    public static SpringApplication application(Map<String, Object> defaults) {
        SpringApplication app = new SpringApplication(AdminApplication.class);
        Map<String, Object> properties = new HashMap<>(defaults);
        properties.put("spring.config.name", CONFIG_NAME);
        app.setDefaultProperties(properties);
        return app;
    }
}
