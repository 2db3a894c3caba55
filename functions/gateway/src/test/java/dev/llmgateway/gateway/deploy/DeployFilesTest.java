package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ResponseFormat;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The files beside the template: sample events, local variables, SAM CLI settings and the build hook. */
class DeployFilesTest {
    private static JsonNode event(String name) throws IOException {
        return Json.tree(Files.readAllBytes(Repo.file("events/" + name + ".json")));
    }

    private static ChatRequest body(JsonNode event) {
        assertThat(event.path("isBase64Encoded").asBoolean(true)).isFalse();
        return ChatRequest.parse(event.path("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "stream", "structured", "ollama"})
    void functionUrlEventsArePayloadV2PostsOfValidRequests(String name) throws IOException {
        JsonNode event = event("function-url-" + name);
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("rawPath").asText()).isEqualTo("/v1/chat/completions");
        assertThat(event.at("/requestContext/http/method").asText()).isEqualTo("POST");
        assertThat(event.at("/requestContext/http/path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(event.at("/headers/content-type").asText()).isEqualTo("application/json");
        assertCase(name, body(event));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "stream", "structured", "ollama"})
    void restApiEventsAreProxyPostsOfValidRequests(String name) throws IOException {
        JsonNode event = event("api-" + name);
        assertThat(event.path("resource").asText()).isEqualTo("/{proxy+}");
        assertThat(event.path("httpMethod").asText()).isEqualTo("POST");
        assertThat(event.path("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(event.at("/pathParameters/proxy").asText()).isEqualTo("v1/chat/completions");
        assertThat(event.at("/requestContext/stage").asText()).isEqualTo("prod");
        assertThat(event.at("/headers/Content-Type").asText()).isEqualTo("application/json");
        assertCase(name, body(event));
    }

    private static void assertCase(String name, ChatRequest request) {
        switch (name) {
            case "chat" -> assertThat(request.stream()).isFalse();
            case "stream" -> assertThat(request.stream()).isTrue();
            case "structured" -> assertThat(request.responseFormat()).isInstanceOf(ResponseFormat.JsonSchema.class);
            case "ollama" -> assertThat(request.model()).startsWith("ollama/");
            default -> throw new AssertionError(name);
        }
    }

    @Test
    void localVariablesAreDeclaredInTheTemplateAndPointAtOllamaOnTheHost() throws IOException {
        JsonNode file = Json.tree(Files.readAllBytes(Repo.file("events/env.local.json")));
        Map<String, Object> declared = TemplateTest.map(TemplateTest.map(TemplateTest.map(
                CfnYaml.load(Repo.file("template.yaml")), "Resources"), "GatewayFunction"), "Properties");
        Map<String, Object> variables = TemplateTest.map(TemplateTest.map(declared, "Environment"), "Variables");
        JsonNode function = file.path("GatewayFunction");
        assertThat(function.isObject()).isTrue();
        for (Iterator<String> names = function.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            // sam local ignores overrides of variables the template does not declare.
            assertThat(variables).as(name).containsKey(name);
        }
        assertThat(function.path("OLLAMA_BASE_URL").asText()).isEqualTo("http://host.docker.internal:11434");
        assertThat(function.path("OLLAMA_ENABLED").asText()).isEqualTo("true");
        // sam local has no DynamoDB tables and no gateway keys: in-memory stores (blank names) and open auth.
        assertThat(function.path("GATEWAY_AUTH").asText()).isEqualTo("open");
        for (String table : new String[] {"ROUTES_TABLE", "API_KEYS_TABLE", "USAGE_TABLE"}) {
            assertThat(function.has(table) && function.path(table).asText().isEmpty()).as(table).isTrue();
        }
    }

    /**
     * In step with the code: every variable env.local.json sets is one the code reads (so none is stale), and
     * every declared variable that names a stack resource is overridden, since sam local would pass the
     * resource's logical id (a table named "RoutesTable" would select DynamoDB, which sam local does not create).
     */
    @Test
    void localVariablesAreReadByTheCodeAndReplaceEveryResourceReference() throws IOException {
        JsonNode function = Json.tree(Files.readAllBytes(Repo.file("events/env.local.json"))).path("GatewayFunction");
        Map<String, Object> template = CfnYaml.load(Repo.file("template.yaml"));
        Map<String, Object> resources = TemplateTest.map(template, "Resources");
        Map<String, Object> variables = TemplateTest.map(TemplateTest.map(TemplateTest.map(
                TemplateTest.map(resources, "GatewayFunction"), "Properties"), "Environment"), "Variables");
        Set<String> read = SourceScan.environmentVariablesRead();
        for (Iterator<String> names = function.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertThat(read).as(name + " is set locally, so the code must read it").contains(name);
        }
        Set<String> resourceReferences = new TreeSet<>();
        variables.forEach((name, value) -> {
            if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String target && resources.containsKey(target)) {
                resourceReferences.add(name);
            }
        });
        assertThat(resourceReferences).contains("ROUTES_TABLE", "API_KEYS_TABLE", "USAGE_TABLE"); // the scan works
        for (String name : resourceReferences) assertThat(function.has(name)).as(name + " overridden locally").isTrue();
    }

    @Test
    void samConfigUsesTheLocalVariablesAndTheHostGateway() throws IOException {
        String config = Files.readString(Repo.file("samconfig.toml"));
        assertThat(config).contains("[default.deploy.parameters]", "[default.local_start_api.parameters]",
                "env_vars = \"events/env.local.json\"", "host.docker.internal:host-gateway", "capabilities = \"CAPABILITY_IAM\"",
                "warm_containers = \"LAZY\""); // one JVM for all local requests instead of a cold start for each
    }

    @Test
    void samBuildRunsMavenAndUnpacksTheLambdaZip() throws IOException {
        String makefile = Files.readString(Repo.file("Makefile"));
        assertThat(makefile).contains("build-GatewayFunction:")
                .contains("functions/gateway/target/gateway-lambda.zip")
                .contains("-d \"$(ARTIFACTS_DIR)\"")
                .contains("mvn ");
        assertThat(makefile.lines().filter(l -> l.startsWith("\t"))).as("make needs tab-indented recipes").isNotEmpty();
        Path runSh = Repo.file("functions/gateway/src/lambda/run.sh");
        assertThat(Files.isExecutable(runSh)).isTrue();
    }
}
