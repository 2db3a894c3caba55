package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.gateway.snapstart.SnapStartLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SAM template, read as CloudFormation reads it (short-form tags kept), checked against the code. */
class TemplateTest {
    /** Set by Lambda itself; the service rejects them as function configuration. */
    static final Set<String> LAMBDA_RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    /** The variables the issue lists, including those of providers added in parallel. */
    static final List<String> ISSUE_VARIABLES = List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODELS",
            "OLLAMA_ENABLED", "OLLAMA_BASE_URL", "GATEWAY_MODE", "PORT", "GATEWAY_MAX_BODY_BYTES",
            "UPSTREAM_CONNECT_TIMEOUT_MS", "UPSTREAM_TIMEOUT_MS", "UPSTREAM_STREAM_IDLE_TIMEOUT_MS",
            "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODELS", "ANTHROPIC_DEFAULT_MAX_TOKENS",
            "GEMINI_API_KEY", "GEMINI_BASE_URL", "GEMINI_MODELS", "BEDROCK_ENABLED", "BEDROCK_MODELS",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "ROUTES_TABLE", "API_KEYS_TABLE", "USAGE_TABLE");

    static Map<String, Object> template;
    static Map<String, Object> function;
    static Map<String, Object> variables;

    @BeforeAll
    static void load() throws IOException {
        template = CfnYaml.load(Repo.file("template.yaml"));
        function = map(resource("GatewayFunction"), "Properties");
        variables = map(map(function, "Environment"), "Variables");
    }

    @Test
    void loaderKeepsIntrinsicFunctionsAndRejectsUnknownTags() throws IOException {
        Path file = Files.createTempFile("template", ".yaml");
        Files.writeString(file, """
                A: !Ref Param
                B: !GetAtt Table.Arn
                C: !Sub "${AWS::Region}-x"
                D: !If [Cond, !Join [",", [a, b]], !Ref AWS::NoValue]
                E: !Select [0, !Split [",", "a,b"]]
                """);
        Map<String, Object> doc = CfnYaml.load(file);
        assertThat(doc.get("A")).isEqualTo(Map.of("Ref", "Param"));
        assertThat(doc.get("B")).isEqualTo(Map.of("Fn::GetAtt", List.of("Table", "Arn")));
        assertThat(doc.get("C")).isEqualTo(Map.of("Fn::Sub", "${AWS::Region}-x"));
        assertThat(doc.get("D")).isEqualTo(Map.of("Fn::If", List.of("Cond",
                Map.of("Fn::Join", List.of(",", List.of("a", "b"))), Map.of("Ref", "AWS::NoValue"))));
        assertThat(doc.get("E")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", "a,b")))));
        Files.writeString(file, "A: !Reff Param\n");
        assertThatThrownBy(() -> CfnYaml.load(file)).hasMessageContaining("!Reff");
        Files.delete(file);
    }

    @Test
    void functionRunsOnManagedJavaArm64WithSnapStartOnTheLiveAlias() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(resource("GatewayFunction").get("Type")).isEqualTo("AWS::Serverless::Function");
        assertThat(function.get("Runtime")).isIn("java21", "java25");
        assertThat(function.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(map(function, "SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(function.get("AutoPublishAlias")).isEqualTo("live");
        assertThat(function.get("Handler")).isEqualTo("run.sh");
        assertThat(map(resource("GatewayFunction"), "Metadata")).containsEntry("BuildMethod", "makefile");
    }

    @Test
    void logGroupExistsBeforeTheFunctionWritesToIt() {
        // SnapStart initialises a version during the deployment; a log group named after the function
        // would be created after it, and collide with the one Lambda creates for those first logs.
        assertThat(map(function, "LoggingConfig")).containsEntry("LogGroup", Map.of("Ref", "GatewayFunctionLogs"));
        Map<String, Object> logs = map(resource("GatewayFunctionLogs"), "Properties");
        assertThat(logs.toString()).doesNotContain("GatewayFunction}");
        assertThat(logs.get("RetentionInDays")).isNotNull();
    }

    @Test
    void memoryAndTimeoutLeaveTheGatewaysOwnTimeoutsToFireFirst() {
        int timeout = Integer.parseInt(String.valueOf(parameter("Timeout").get("Default")));
        assertThat(function.get("Timeout")).isEqualTo(Map.of("Ref", "Timeout"));
        assertThat(timeout).isLessThanOrEqualTo(900);
        assertThat(timeout * 1000L).isGreaterThan(Long.parseLong((String) variables.get("UPSTREAM_TIMEOUT_MS")));
        assertThat(Integer.parseInt(String.valueOf(parameter("MemorySize").get("Default")))).isBetween(1024, 3008);
        assertThat(String.valueOf(parameter("Timeout").get("Description"))).contains("15 minutes");
        assertThat(String.valueOf(parameter("MemorySize").get("Description"))).contains("vCPU");
    }

    @Test
    void functionUrlAndRestApiRouteBothStream() {
        assertThat(map(function, "FunctionUrlConfig")).containsEntry("InvokeMode", "RESPONSE_STREAM");
        Map<String, Object> events = map(function, "Events");
        List<Map<String, Object>> apis = events.values().stream().map(TemplateTest::asMap)
                .filter(e -> "Api".equals(e.get("Type"))).toList();
        assertThat(apis).isNotEmpty();
        for (Map<String, Object> api : apis) {
            Map<String, Object> properties = map(api, "Properties");
            assertThat(properties).containsEntry("ResponseTransferMode", "RESPONSE_STREAM")
                    .containsEntry("Path", "/{proxy+}").containsEntry("Method", "ANY")
                    .containsEntry("RestApiId", Map.of("Ref", "GatewayApi"));
            assertThat(((Number) properties.get("TimeoutInMillis")).longValue()).isEqualTo(900_000L);
        }
        // Edge-optimised endpoints end a silent stream after 30 s; regional ones after 5 minutes.
        assertThat(map(map(resource("GatewayApi"), "Properties"), "EndpointConfiguration").get("Type"))
                .isEqualTo("REGIONAL");
    }

    @Test
    void webAdapterLayerAndVariablesMatchTheApp() {
        List<?> layers = (List<?>) function.get("Layers");
        assertThat(layers).hasSize(1);
        assertThat(asMap(layers.getFirst()).get("Fn::Sub").toString())
                .contains(":753240598075:layer:LambdaAdapterLayerArm64:"); // the layer's architecture matches arm64
        assertThat(variables).containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap")
                .containsEntry("AWS_LWA_INVOKE_MODE", "response_stream")
                .containsEntry("AWS_LWA_READINESS_CHECK_PATH", "/health")
                .containsEntry("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", SnapStartLifecycle.BEFORE_CHECKPOINT_PATH)
                .containsEntry("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", SnapStartLifecycle.AFTER_RESTORE_PATH)
                .containsEntry("GATEWAY_MODE", "deployed");
        assertThat(variables.get("AWS_LWA_PORT")).isEqualTo(variables.get("PORT")).isEqualTo("8080");
    }

    @Test
    void everyVariableTheCodeReadsIsDeclared() {
        Set<String> read = SourceScan.environmentVariablesRead();
        assertThat(read).contains("OPENAI_API_KEY", "OLLAMA_BASE_URL", "UPSTREAM_TIMEOUT_MS", "PORT"); // the scan works
        Set<String> expected = new TreeSet<>(read);
        expected.removeAll(LAMBDA_RESERVED);
        expected.addAll(ISSUE_VARIABLES);
        assertThat(variables.keySet()).containsAll(expected);
        assertThat(variables.keySet()).doesNotContainAnyElementsOf(LAMBDA_RESERVED);
    }

    @Test
    void providerKeysComeOnlyFromSecretsManagerArns() {
        for (String name : variables.keySet()) {
            if (!name.endsWith("_API_KEY")) continue;
            assertThat(variables.get(name)).as(name + " must stay empty in the template").isEqualTo("");
            Object arn = variables.get(name + "_SECRET_ARN");
            assertThat(arn).as(name + "_SECRET_ARN").isInstanceOf(Map.class);
            String parameter = (String) asMap(arn).get("Ref");
            Map<String, Object> declared = parameter(parameter);
            assertThat(declared.get("Default")).isEqualTo("");
            assertThat((String) declared.get("AllowedPattern")).contains("secretsmanager");
        }
        assertThat(variables).containsKeys("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY");
        // No parameter carries a key itself.
        for (String parameter : map(template, "Parameters").keySet()) {
            if (parameter.matches("(?i).*(api)?key.*") ) assertThat(parameter).endsWith("SecretArn");
        }
    }

    @Test
    void tablesHaveTheirKeysAndReachTheCodeByName() {
        assertKeys("RoutesTable", Map.of("model", "HASH"));
        assertKeys("ApiKeysTable", Map.of("keyHash", "HASH"));
        assertKeys("UsageTable", Map.of("tenant", "HASH", "period", "RANGE"));
        assertThat(map(map(resource("UsageTable"), "Properties"), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", "expiresAt").containsEntry("Enabled", true);
        assertThat(variables).containsEntry("ROUTES_TABLE", Map.of("Ref", "RoutesTable"))
                .containsEntry("API_KEYS_TABLE", Map.of("Ref", "ApiKeysTable"))
                .containsEntry("USAGE_TABLE", Map.of("Ref", "UsageTable"));
    }

    @Test
    void iamCoversWhatTheCodeCallsWithNoWildcardActions() {
        List<Map<String, Object>> statements = statements();
        Set<String> allowed = new TreeSet<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            for (String action : strings(statement.get("Action"))) {
                assertThat(action).as("wildcard action").doesNotContain("*");
                allowed.add(action);
            }
        }
        assertThat(allowed).containsAll(SourceScan.iamActionsCalled());
        assertThat(SourceScan.iamActionsCalled()).contains("secretsmanager:GetSecretValue"); // the scan works
        assertThat(allowed).contains("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream",
                "cloudwatch:PutMetricData", "dynamodb:GetItem", "dynamodb:UpdateItem");
    }

    @Test
    void iamResourcesAreScopedToThisStack() {
        Set<String> tables = new TreeSet<>();
        map(template, "Resources").forEach((name, r) -> {
            if ("AWS::DynamoDB::Table".equals(asMap(r).get("Type"))) tables.add(name);
        });
        assertThat(tables).containsExactlyInAnyOrder("RoutesTable", "ApiKeysTable", "UsageTable");
        for (Map<String, Object> statement : statements()) {
            List<String> actions = strings(statement.get("Action"));
            List<Object> resources = statement.get("Resource") instanceof List<?> l ? new ArrayList<>(l) : List.of(statement.get("Resource"));
            if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                assertThat(actions).allMatch(a -> a.startsWith("dynamodb:"));
                for (Object resource : resources) {
                    List<?> getAtt = (List<?>) asMap(resource).get("Fn::GetAtt");
                    assertThat(tables).contains((String) getAtt.get(0));
                    assertThat(getAtt.get(1)).isEqualTo("Arn");
                }
            }
            if (actions.contains("cloudwatch:PutMetricData")) {
                assertThat(actions).containsExactly("cloudwatch:PutMetricData");
                assertThat(map(map(statement, "Condition"), "StringEquals"))
                        .containsEntry("cloudwatch:namespace", Map.of("Ref", "MetricsNamespace"));
            } else {
                assertThat(resources).as("only PutMetricData may use Resource *").doesNotContain("*");
            }
            if (actions.stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
                for (Object resource : resources) {
                    Object ref = asMap(((List<?>) asMap(resource).get("Fn::If")).get(1)).get("Ref");
                    assertThat((String) ref).endsWith("SecretArn");
                }
            }
        }
    }

    @Test
    void outputsGiveTheFunctionUrlAndTheApiUrl() {
        Map<String, Object> outputs = map(template, "Outputs");
        assertThat(map(outputs, "FunctionUrl").get("Value"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("GatewayFunctionUrl", "FunctionUrl")));
        assertThat(asMap(map(outputs, "ApiUrl").get("Value")).get("Fn::Sub").toString())
                .contains("${GatewayApi}.execute-api.").endsWith("/prod/v1");
    }

    @Test
    void theControlPlaneHasAMarkedPlace() throws IOException {
        assertThat(Files.readString(Repo.file("template.yaml"))).contains("Control plane (NOT BUILT YET)");
    }

    // ---- helpers ----

    private static void assertKeys(String table, Map<String, String> expected) {
        Map<String, Object> properties = map(resource(table), "Properties");
        Map<String, String> keys = new LinkedHashMap<>();
        for (Object key : (List<?>) properties.get("KeySchema")) {
            keys.put((String) asMap(key).get("AttributeName"), (String) asMap(key).get("KeyType"));
        }
        assertThat(keys).isEqualTo(expected);
        assertThat(properties.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
    }

    /** The function's policy statements, with both branches of a conditional statement. */
    static List<Map<String, Object>> statements() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object policy : (List<?>) function.get("Policies")) {
            for (Object statement : (List<?>) asMap(policy).get("Statement")) {
                Map<String, Object> s = asMap(statement);
                if (s.containsKey("Fn::If")) {
                    for (Object branch : ((List<?>) s.get("Fn::If")).subList(1, 3)) {
                        if (!Map.of("Ref", "AWS::NoValue").equals(branch)) out.add(asMap(branch));
                    }
                } else {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String.class::cast).toList() : List.of((String) value);
    }

    static Map<String, Object> resource(String name) {
        return map(map(template, "Resources"), name);
    }

    static Map<String, Object> parameter(String name) {
        return map(map(template, "Parameters"), name);
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return asMap(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
