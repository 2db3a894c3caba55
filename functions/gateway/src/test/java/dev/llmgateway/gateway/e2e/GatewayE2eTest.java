package dev.llmgateway.gateway.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.llmgateway.core.providers.ApiSchema;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.gateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the end-to-end tests: the real gateway on a random port, every provider pointed at a
 * loopback fake that speaks that provider's wire format, and the official OpenAI Java SDK as the
 * client. All subclasses share one application context (same properties), so they start it once;
 * the fakes therefore live as long as the JVM. Metrics export is on, as in production (Spring's test
 * default turns it off).
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayE2eTest {
    static final FakeUpstream OPENAI = new FakeUpstream();
    static final FakeUpstream OLLAMA = new FakeUpstream();
    static final FakeUpstream ANTHROPIC = new FakeUpstream();
    static final FakeUpstream GEMINI = new FakeUpstream();
    static final FakeUpstream BEDROCK = new FakeUpstream();
    /** Every OpenAI-compatible provider of the catalogue, each under its own base path (see {@link #compatibleBase}). */
    static final FakeUpstream COMPATIBLE = new FakeUpstream();
    /** An OpenAI-compatible server declared by configuration alone, without a key. */
    static final String DECLARED = "localai";
    static final String AWS_ACCESS_KEY_ID = "AKIDGATEWAYE2ETEST";

    static {
        awsTestCredentials();
    }

    /**
     * Bedrock signs with credentials from the AWS SDK's default chain; system properties come first in
     * it. They are process-wide, so every e2e base sets these same ones.
     */
    static void awsTestCredentials() {
        System.setProperty("aws.accessKeyId", AWS_ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", "e2e-test-secret");
    }
    /** Small enough that the 413 test needs no huge allocation; every normal test body fits easily. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int STREAM_IDLE_TIMEOUT_MS = 1500;
    static final String CORS_ORIGIN = "https://app.example";

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("OPENAI_API_KEY", () -> "sk-upstream-test");
        registry.add("OPENAI_BASE_URL", () -> OPENAI.baseUrl() + "/v1");
        registry.add("OLLAMA_BASE_URL", OLLAMA::baseUrl);
        registry.add("ANTHROPIC_API_KEY", () -> "sk-ant-upstream-test");
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("GEMINI_API_KEY", () -> "gemini-upstream-test");
        registry.add("GEMINI_BASE_URL", GEMINI::baseUrl);
        registry.add("BEDROCK_ENABLED", () -> "true");
        registry.add("AWS_REGION", () -> "us-east-1");
        registry.add("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", BEDROCK::baseUrl);
        registry.add("GATEWAY_MAX_BODY_BYTES", () -> MAX_BODY_BYTES);
        registry.add("UPSTREAM_STREAM_IDLE_TIMEOUT_MS", () -> STREAM_IDLE_TIMEOUT_MS);
        registry.add("GATEWAY_CORS_ALLOWED_ORIGINS", () -> CORS_ORIGIN);
        for (ProviderRow row : Catalogue.ALL) {
            if (row.schema() != ApiSchema.OPENAI_CHAT || row == Catalogue.OPENAI) continue;
            registry.add(row.keyVariable(), () -> "key-" + row.name());
            registry.add(row.baseUrlVariable(), () -> COMPATIBLE.baseUrl() + compatibleBase(row.name()));
        }
        registry.add("OPENAI_COMPATIBLE", () -> DECLARED);
        registry.add("LOCALAI_BASE_URL", () -> COMPATIBLE.baseUrl() + compatibleBase(DECLARED));
    }

    /** The base path of an OpenAI-compatible provider on {@link #COMPATIBLE}: everything before {@code /chat/completions}. */
    static String compatibleBase(String provider) {
        return "/" + provider + (provider.equals("azure") ? "/openai/v1" : "/v1");
    }

    @LocalServerPort
    int port;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The client an application would use: only base_url changes. Retries off, so each call is one request. */
    OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("any-key").maxRetries(0).build();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
