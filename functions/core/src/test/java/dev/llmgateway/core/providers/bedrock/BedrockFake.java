package dev.llmgateway.core.providers.bedrock;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.Timeouts;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.testing.EventStreamFrames;
import dev.llmgateway.core.testing.FakeUpstream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A Bedrock provider with its real SDK clients pointed at a loopback {@link FakeUpstream}, through
 * the same variables a deployment sets; static test credentials, region us-east-1.
 */
final class BedrockFake implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDGATEWAYTEST";

    final FakeUpstream upstream = new FakeUpstream();
    final BedrockProvider provider;
    final ModelResolver resolver;

    BedrockFake() {
        this(Map.of());
    }

    BedrockFake(Map<String, String> extraEnv) {
        this(extraEnv, null);
    }

    /** {@code endpoint} null: the fake's own address. */
    BedrockFake(Map<String, String> extraEnv, String endpoint) {
        Map<String, String> vars = new HashMap<>();
        vars.put("BEDROCK_ENABLED", "true");
        vars.put("AWS_REGION", "us-east-1");
        vars.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", endpoint == null ? upstream.baseUrl() : endpoint);
        vars.putAll(extraEnv);
        Env env = Env.of(vars);
        // As the catalogue builds it, with fixed credentials instead of the default chain.
        Timeouts timeouts = Timeouts.fromEnv(env);
        provider = new BedrockProvider("bedrock", BedrockClients.of(env, Catalogue.BEDROCK.endpoint(env).baseUrl(), timeouts,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test-secret-key"))),
                timeouts, Catalogue.BEDROCK.listedModels(env));
        resolver = new ModelResolver(Catalogue.ALL, Map.of("bedrock", provider));
    }

    /** The upstream model id the gateway resolves for the client's {@code bedrock/<id>}. */
    String modelId(ChatRequest request) {
        ModelResolver.Target target = resolver.resolve(request.model());
        if (target.provider() != provider) throw new AssertionError("not routed to Bedrock: " + request.model());
        return target.model();
    }

    static String conversePath(String modelId) {
        return "/model/" + modelId + "/converse";
    }

    static String streamPath(String modelId) {
        return "/model/" + modelId + "/converse-stream";
    }

    /** Answers ConverseStream on {@code modelId} with {@code frames}, written and flushed one part at a time. */
    void streams(String modelId, List<byte[]> parts, long gapMillis) {
        upstream.on(streamPath(modelId), FakeUpstream.stream(EventStreamFrames.CONTENT_TYPE, parts, gapMillis));
    }

    @Override
    public void close() {
        provider.close();
        upstream.close();
    }
}
