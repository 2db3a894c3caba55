package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.audit.DynamoAuditStore;
import dev.llmgateway.core.responses.DynamoResponseStore;
import dev.llmgateway.core.cache.CachePolicy;
import dev.llmgateway.core.cache.DynamoCacheStore;
import dev.llmgateway.core.cache.ResponseCache;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.ApiSchema;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import dev.llmgateway.core.store.DynamoTables;
import dev.llmgateway.core.store.DynamoUsageLedger;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.config.CloudWatchPublishingConfiguration;
import dev.llmgateway.gateway.metrics.cloudwatch.EmfWriter;
import dev.llmgateway.gateway.snapstart.SnapStartLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * Local-only: read by the code, deliberately NOT declared, because any value would be wrong on Lambda.
     * AWS_PROFILE: the function's role supplies credentials, and a profile names files Lambda does not have.
     * DYNAMODB_ENDPOINT, AWS_ENDPOINT_URL_DYNAMODB: point the stores at a local DynamoDB; deployed they use
     * the regional endpoint (VPC gateway endpoints need no URL), and the SDK would take an empty value as one.
     * DYNAMODB_CREATE_TABLES: the template owns the tables; the role may not create them.
     * ROUTES_FILE: would overwrite the stored routes on every init, undoing admin changes.
     */
    static final Set<String> LOCAL_ONLY = Set.of("AWS_PROFILE", "DYNAMODB_ENDPOINT", "AWS_ENDPOINT_URL_DYNAMODB",
            "DYNAMODB_CREATE_TABLES", "ROUTES_FILE");

    /**
     * Long-running servers only: the PutMetricData publisher, which the code never starts on Lambda (metrics
     * go out as EMF log records there; see {@link #putMetricDataIsNotGrantedBecauseLambdaNeverCallsIt}).
     */
    static final Set<String> LONG_RUNNING_ONLY = Set.of("CLOUDWATCH_ENABLED", "CLOUDWATCH_ENDPOINT", "CLOUDWATCH_REGION",
            "CLOUDWATCH_STEP_SECONDS",
            // A Lambda environment serves one request at a time: there is nothing in it to coalesce with (docs/cache.md).
            "GATEWAY_CACHE_COALESCE_WAIT_MS");

    /**
     * Base URLs and model lists of the OpenAI-compatible catalogue providers (Azure's excepted, which
     * has no default), and the list of servers declared by variables: read, but left out on Lambda,
     * whose function environment holds 4 KB at most; there they go in the configuration file.
     */
    static final Set<String> CATALOGUE_DEFAULTS = catalogueDefaults();

    private static Set<String> catalogueDefaults() {
        Set<String> names = new TreeSet<>(Set.of(Catalogue.DECLARED_SERVERS_VARIABLE));
        for (ProviderRow row : Catalogue.ALL) {
            if (row.schema() != ApiSchema.OPENAI_CHAT || row == Catalogue.OPENAI || row == Catalogue.AZURE) continue;
            names.add(row.baseUrlVariable());
            names.add(row.modelsVariable());
        }
        return names;
    }

    /** The modules whose code the data-plane function runs (the admin function's is AdminFunctionTemplateTest's). */
    static final String[] GATEWAY_MODULES = {"core", "shared", "gateway"};

    /** Secrets besides the provider keys: declared empty, supplied by their X_SECRET_ARN (the admin key is the admin function's). */
    static final List<String> OTHER_SECRETS = List.of("API_KEY_PEPPER", "AUDIT_HMAC_KEY", "PROMETHEUS_REMOTE_WRITE_PASSWORD",
            "PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN", "METRICS_SCRAPE_TOKEN");

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
        assertThat(layers).hasSize(2);
        // The second: the OpenTelemetry collector layer, only when its ARN is given.
        assertThat(asMap(layers.get(1))).isEqualTo(Map.of("Fn::If", List.of("HasOtelCollectorLayer", Map.of("Ref", "OtelCollectorLayerArn"),
                Map.of("Ref", "AWS::NoValue"))));
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

    /**
     * Lambda Web Adapter 1.1.0 is layer 30 of LambdaAdapterLayerArm64, the first with the SnapStart hooks
     * (release notes of v1.1.0). The variables it reads: those of the 1.0.0 source and README, plus the
     * three that 1.1.0 added.
     */
    static final int FIRST_LAYER_WITH_SNAPSTART_HOOKS = 30;
    static final Set<String> ADAPTER_1_1_VARIABLES = Set.of("AWS_LWA_PORT", "AWS_LWA_HOST", "AWS_LWA_READINESS_CHECK_PORT",
            "AWS_LWA_READINESS_CHECK_PATH", "AWS_LWA_READINESS_CHECK_PROTOCOL", "AWS_LWA_READINESS_CHECK_HEALTHY_STATUS",
            "AWS_LWA_ASYNC_INIT", "AWS_LWA_REMOVE_BASE_PATH", "AWS_LWA_ENABLE_COMPRESSION", "AWS_LWA_INVOKE_MODE",
            "AWS_LWA_PASS_THROUGH_PATH", "AWS_LWA_AUTHORIZATION_SOURCE", "AWS_LWA_ERROR_STATUS_CODES",
            "AWS_LWA_LAMBDA_RUNTIME_API_PROXY",
            "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH",
            "AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS", "AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS");

    @Test
    void defaultAdapterLayerCallsTheSnapStartHooksAndKnowsEveryAdapterVariableSet() {
        Map<String, Object> layer = parameter("WebAdapterLayerVersion");
        assertThat(((Number) layer.get("Default")).intValue()).isGreaterThanOrEqualTo(FIRST_LAYER_WITH_SNAPSTART_HOOKS);
        assertThat(((Number) layer.get("MinValue")).intValue()).isEqualTo(FIRST_LAYER_WITH_SNAPSTART_HOOKS);
        assertThat(asMap(((List<?>) function.get("Layers")).getFirst()).get("Fn::Sub").toString())
                .endsWith(":layer:LambdaAdapterLayerArm64:${WebAdapterLayerVersion}"); // the version is named only by the parameter
        Set<String> adapterVariables = new TreeSet<>(variables.keySet());
        adapterVariables.removeIf(name -> !name.startsWith("AWS_LWA_"));
        assertThat(adapterVariables).contains("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH")
                .allMatch(ADAPTER_1_1_VARIABLES::contains)
                // Ignored under SnapStart since 1.1.0, where init must finish before the snapshot.
                .doesNotContain("AWS_LWA_ASYNC_INIT");
    }

    @Test
    void everyVariableTheCodeReadsIsDeclared() {
        Set<String> read = SourceScan.environmentVariablesRead(GATEWAY_MODULES);
        assertThat(read).contains("OPENAI_API_KEY", "OLLAMA_BASE_URL", "UPSTREAM_TIMEOUT_MS", "PORT"); // the scan works
        assertThat(read).as("the scan finds constants and routing/metrics lookups")
                .contains("ANTHROPIC_NATIVE_STRUCTURED_OUTPUT", "ROUTING_MAX_ATTEMPTS", "PROMETHEUS_REMOTE_WRITE_URL");
        // The exclusion lists name only variables the code really reads, so they cannot go stale silently.
        assertThat(read).containsAll(LOCAL_ONLY).containsAll(LONG_RUNNING_ONLY).containsAll(CATALOGUE_DEFAULTS);
        Set<String> expected = new TreeSet<>(read);
        expected.removeAll(LAMBDA_RESERVED);
        expected.removeAll(LOCAL_ONLY);
        expected.removeAll(LONG_RUNNING_ONLY);
        expected.removeAll(CATALOGUE_DEFAULTS);
        expected.addAll(ISSUE_VARIABLES);
        assertThat(variables.keySet()).containsAll(expected);
        assertThat(variables.keySet()).doesNotContainAnyElementsOf(LAMBDA_RESERVED)
                .doesNotContainAnyElementsOf(LOCAL_ONLY).doesNotContainAnyElementsOf(LONG_RUNNING_ONLY)
                .doesNotContain("METRICS_NAMESPACE"); // the code reads CLOUDWATCH_NAMESPACE
    }

    @Test
    void deployedVariablesSelectKeysAuthDynamoDbAndTheMetricsNamespace() {
        assertThat(variables).containsEntry("GATEWAY_AUTH", "keys")
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs") // JSON log lines (Spring Boot's ECS format)
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", Map.of("Ref", "OtlpEndpoint")) // '' = no tracing
                .containsEntry("CLOUDWATCH_NAMESPACE", Map.of("Ref", "MetricsNamespace"))
                .containsEntry("PROMETHEUS_REMOTE_WRITE_INSTANCE", ""); // a fixed instance would merge environments
        assertThat(parameter("MetricsNamespace").get("Default")).isEqualTo(EmfWriter.DEFAULT_NAMESPACE);
        assertThat(parameter("OtlpEndpoint").get("Default")).isEqualTo("");
        assertThat(map(function, "Tracing")).isEqualTo(Map.of("Ref", "TracingMode"));
        assertThat(parameter("TracingMode").get("Default")).isEqualTo("PassThrough");
        // SigV4 exactly when an AMP workspace is given, which is also the only resource of aps:RemoteWrite.
        assertThat(asMap(variables.get("PROMETHEUS_REMOTE_WRITE_SIGV4")).get("Fn::If"))
                .isEqualTo(List.of("HasAmpWorkspace", "true", "false"));
        assertThat(statements()).filteredOn(s -> strings(s.get("Action")).contains("aps:RemoteWrite")).singleElement()
                .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(Map.of("Ref", "PrometheusRemoteWriteWorkspaceArn")));
    }

    /** Numeric defaults of operator parameters are the documented ones (docs tables: | `VAR` | default | ... |). */
    @Test
    void parameterDefaultsAreTheDocumentedDefaults() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String doc : List.of("docs/routing-and-budgets.md", "docs/observability.md")) {
            Matcher m = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\| `?([0-9]+)`? \\|").matcher(Files.readString(Repo.file(doc)));
            while (m.find()) documented.put(m.group(1), m.group(2));
        }
        assertThat(documented).containsKeys("ROUTING_MAX_ATTEMPTS", "BUDGET_TOKENS_PER_IMAGE", "METRICS_MAX_LABEL_VALUES");
        int compared = 0;
        for (var entry : variables.entrySet()) {
            String doc = documented.get(entry.getKey());
            if (doc == null || !(entry.getValue() instanceof Map<?, ?> value) || !(value.get("Ref") instanceof String ref)) continue;
            assertThat(String.valueOf(parameter(ref).get("Default"))).as(entry.getKey()).isEqualTo(doc);
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(10);
        assertThat(variables.get("PROMETHEUS_REMOTE_WRITE_TIMEOUT_MS")).isEqualTo(documented.get("PROMETHEUS_REMOTE_WRITE_TIMEOUT_MS"));
    }

    @Test
    void keysAndOtherSecretsComeOnlyFromSecretsManagerArns() {
        Set<String> secrets = new TreeSet<>(OTHER_SECRETS);
        for (String name : variables.keySet()) if (name.endsWith("_API_KEY")) secrets.add(name);
        // Anything the code reads that is named like a secret is one of them.
        for (String name : SourceScan.environmentVariablesRead(GATEWAY_MODULES)) {
            if (name.matches("(?!.*_PER_TOKEN$).*_(API_KEY|PEPPER|PASSWORD|TOKEN|SECRET)")) assertThat(secrets).as(name).contains(name);
        }
        Set<Object> granted = new java.util.HashSet<>();
        for (Map<String, Object> s : statements()) {
            if (!strings(s.get("Action")).contains("secretsmanager:GetSecretValue") ) continue;
            for (Object r : (List<?>) s.get("Resource")) granted.add(((List<?>) asMap(r).get("Fn::If")).get(1));
        }
        for (String name : secrets) {
            assertThat(variables.get(name)).as(name + " must stay empty in the template").isEqualTo("");
            Object arn = variables.get(name + "_SECRET_ARN");
            assertThat(arn).as(name + "_SECRET_ARN").isInstanceOf(Map.class);
            String parameter = (String) asMap(arn).get("Ref");
            Map<String, Object> declared = parameter(parameter);
            assertThat(declared.get("Default")).isEqualTo("");
            assertThat((String) declared.get("AllowedPattern")).contains("secretsmanager");
            assertThat(granted).as("GetSecretValue on " + parameter).contains(Map.of("Ref", parameter));
        }
        assertThat(secrets).contains("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY").doesNotContain("ADMIN_API_KEY");
        assertThat(variables).doesNotContainKeys("ADMIN_API_KEY", "ADMIN_API_KEY_SECRET_ARN"); // the data plane has no admin API
        assertThat(granted).hasSize(secrets.size()); // and no other secret
        // No parameter carries a key, password or token itself.
        for (String parameter : map(template, "Parameters").keySet()) {
            if (parameter.matches("(?i).*(key|password|pepper|bearer).*")) assertThat(parameter).endsWith("SecretArn");
        }
    }

    @Test
    void tablesHaveTheKeySchemaAndTtlAttributeTheCodeUses() throws IOException {
        Map<String, Object> infra = map(CfnYaml.load(Repo.file("infra/dynamodb-tables.yaml")), "Resources");
        for (String table : List.of("RoutesTable", "ApiKeysTable", "UsageTable", "ResponsesTable", "CacheTable", "ConsoleSessionsTable")) {
            assertKeys(table, Map.of(DynamoTables.PK, "HASH"));
            Map<String, Object> properties = map(resource(table), "Properties");
            if (!table.equals("UsageTable")) {
                assertThat(properties.get("AttributeDefinitions"))
                        .isEqualTo(List.of(Map.of("AttributeName", DynamoTables.PK, "AttributeType", "S")));
            }
            Map<String, Object> reference = map(map(infra, table), "Properties");
            for (String key : List.of("KeySchema", "AttributeDefinitions", "BillingMode", "TimeToLiveSpecification",
                    "GlobalSecondaryIndexes")) {
                assertThat(properties.get(key)).as(table + " " + key + " as in infra/dynamodb-tables.yaml").isEqualTo(reference.get(key));
            }
        }
        assertThat(map(map(resource("UsageTable"), "Properties"), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", DynamoTables.EXPIRES_AT).containsEntry("Enabled", true);
        assertThat(map(map(resource("ResponsesTable"), "Properties"), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", DynamoResponseStore.EXPIRES_AT).containsEntry("Enabled", true);
        assertThat(DynamoResponseStore.PK).isEqualTo(DynamoTables.PK);
        assertThat(variables).containsEntry("RESPONSES_TABLE", Map.of("Ref", "ResponsesTable"))
                .containsEntry("RESPONSES_TTL_DAYS", Map.of("Ref", "ResponsesTtlDays"));
        assertThat(map(map(resource("CacheTable"), "Properties"), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", DynamoCacheStore.EXPIRES_AT).containsEntry("Enabled", true);
        assertThat(variables).containsEntry(ResponseCache.TABLE_VARIABLE, Map.of("Ref", "CacheTable"))
                .containsEntry(CachePolicy.ENABLED, Map.of("Ref", "ResponseCacheEnabled"))
                .containsEntry(CachePolicy.TTL_SECONDS, Map.of("Ref", "ResponseCacheTtlSeconds"));
        assertThat(parameter("ResponseCacheEnabled").get("Default")).as("opt-in").isEqualTo("false");
        assertThat(variables).containsEntry("ROUTES_TABLE", Map.of("Ref", "RoutesTable"))
                .containsEntry("API_KEYS_TABLE", Map.of("Ref", "ApiKeysTable"))
                .containsEntry("USAGE_TABLE", Map.of("Ref", "UsageTable"));
    }

    @Test
    void usageTableHasTheLedgerIndexAndOnlyThatIndexMayBeQueried() {
        Map<String, Object> properties = map(resource("UsageTable"), "Properties");
        assertThat(properties.get("AttributeDefinitions")).isEqualTo(List.of(
                Map.of("AttributeName", DynamoTables.PK, "AttributeType", "S"),
                Map.of("AttributeName", DynamoUsageLedger.TENANT, "AttributeType", "S"),
                Map.of("AttributeName", DynamoUsageLedger.DAY, "AttributeType", "S")));
        List<?> indexes = (List<?>) properties.get("GlobalSecondaryIndexes");
        assertThat(indexes).singleElement().satisfies(i -> {
            assertThat(asMap(i).get("IndexName")).isEqualTo(DynamoUsageLedger.BY_TENANT_DAY);
            assertThat(asMap(i).get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", DynamoUsageLedger.TENANT, "KeyType", "HASH"),
                    Map.of("AttributeName", DynamoUsageLedger.DAY, "KeyType", "RANGE")));
            assertThat(asMap(i).get("Projection")).isEqualTo(Map.of("ProjectionType", "ALL"));
        });
        assertThat(adminStatements()).filteredOn(s -> "UsageLedgerByTenantDay".equals(s.get("Sid"))).singleElement().satisfies(s -> {
            assertThat(strings(s.get("Action"))).containsExactly("dynamodb:Query");
            assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::Sub", "${UsageTable.Arn}/index/" + DynamoUsageLedger.BY_TENANT_DAY));
        });
        // The ledger queries only this index (DynamoUsageLedger names it in its one Query).
        assertThat(SourceScan.dynamoActionsIn(LEDGER)).contains("dynamodb:Query", "dynamodb:UpdateItem");
    }

    private static final String LEDGER = "functions/core/src/main/java/dev/llmgateway/core/store/DynamoUsageLedger.java";

    @Test
    void auditLogUsesTheStacksTableAndAKeyFromSecretsManager() {
        assertThat(variables).containsEntry("AUDIT_HMAC_KEY", "")
                .containsEntry("AUDIT_HMAC_KEY_SECRET_ARN", Map.of("Ref", "AuditHmacKeySecretArn"))
                .containsEntry("AUDIT_TABLE", Map.of("Ref", "AuditTable"));
    }

    @Test
    void auditTableHasTheKeysIndexAndTtlTheStoreUses() {
        assertKeys("AuditTable", Map.of(DynamoAuditStore.PK, "HASH", DynamoAuditStore.SK, "RANGE"));
        Map<String, Object> properties = map(resource("AuditTable"), "Properties");
        List<?> indexes = (List<?>) properties.get("GlobalSecondaryIndexes");
        assertThat(indexes).singleElement().satisfies(i -> {
            assertThat(asMap(i).get("IndexName")).isEqualTo(DynamoAuditStore.BY_TENANT);
            assertThat(asMap(i).get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "tenant", "KeyType", "HASH"),
                    Map.of("AttributeName", "time", "KeyType", "RANGE")));
        });
        assertThat(map(properties, "TimeToLiveSpecification")).containsEntry("AttributeName", DynamoAuditStore.EXPIRES_AT)
                .containsEntry("Enabled", true);
        assertThat(adminStatements()).filteredOn(s -> "AuditLogByTenant".equals(s.get("Sid"))).singleElement().satisfies(s -> {
            assertThat(strings(s.get("Action"))).containsExactly("dynamodb:Query");
            assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::Sub", "${AuditTable.Arn}/index/" + DynamoAuditStore.BY_TENANT));
        });
    }

    @Test
    void iamCoversWhatTheCodeCallsWithNoWildcardActions() {
        List<Map<String, Object>> statements = new ArrayList<>(statements());
        statements.addAll(adminStatements());
        Set<String> allowed = new TreeSet<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            for (String action : strings(statement.get("Action"))) {
                assertThat(action).as("wildcard action").doesNotContain("*");
                allowed.add(action);
            }
        }
        Set<String> called = new TreeSet<>(SourceScan.iamActionsCalled());
        assertThat(called).contains("secretsmanager:GetSecretValue", "dynamodb:DeleteItem", "dynamodb:Scan") // the scan works
                .containsAll(TABLE_SETUP_ONLY);
        called.removeAll(TABLE_SETUP_ONLY);
        assertThat(allowed).containsAll(called).doesNotContainAnyElementsOf(TABLE_SETUP_ONLY);
        assertThat(allowed).contains("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream",
                "dynamodb:GetItem", "dynamodb:UpdateItem");
    }

    /** Called only by {@code DynamoTables.createIfMissing}, i.e. with DYNAMODB_CREATE_TABLES (local-only). */
    static final Set<String> TABLE_SETUP_ONLY = Set.of("dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:UpdateTimeToLive");

    /** Each table grants exactly the actions its store calls, no more: the request path's to the gateway, the admin API's to the admin function. */
    @Test
    void eachTableGrantsExactlyWhatItsStoreCalls() {
        Map<String, String> stores = Map.of(
                "RoutesTable", "functions/core/src/main/java/dev/llmgateway/core/store/DynamoRouteStore.java",
                "ApiKeysTable", "functions/core/src/main/java/dev/llmgateway/core/store/DynamoTenantStore.java",
                "UsageTable", "functions/core/src/main/java/dev/llmgateway/core/store/DynamoUsageStore.java",
                "AuditTable", "functions/core/src/main/java/dev/llmgateway/core/audit/DynamoAuditStore.java",
                "ResponsesTable", "functions/core/src/main/java/dev/llmgateway/core/responses/DynamoResponseStore.java",
                "CacheTable", "functions/core/src/main/java/dev/llmgateway/core/cache/DynamoCacheStore.java",
                "ConsoleSessionsTable", AdminFunctionTemplateTest.SESSION_STORE);
        assertThat(SourceScan.dynamoActionsIn(stores.get("RoutesTable"))).contains("dynamodb:Scan", "dynamodb:DeleteItem");
        List<Map<String, Object>> both = new ArrayList<>(statements());
        both.addAll(adminStatements());
        stores.forEach((table, source) -> {
            Set<String> granted = new TreeSet<>();
            for (Map<String, Object> statement : both) {
                Object resource = statement.get("Resource");
                List<?> resources = resource instanceof List<?> l ? l : List.of(resource);
                if (resources.contains(Map.of("Fn::GetAtt", List.of(table, "Arn")))) granted.addAll(strings(statement.get("Action")));
            }
            Set<String> called = new TreeSet<>(SourceScan.dynamoActionsIn(source));
            if (table.equals("UsageTable")) { // the ledger shares the table; its one Query goes to the index (granted there)
                called.addAll(SourceScan.dynamoActionsIn(LEDGER));
                called.remove("dynamodb:Query");
            }
            called.removeAll(TABLE_SETUP_ONLY); // a store may create its own table locally
            assertThat(granted).as(table).isEqualTo(called);
        });
    }

    @Test
    void putMetricDataIsNotGrantedBecauseLambdaNeverCallsIt() {
        // On Lambda metrics leave as EMF records in the log: the PutMetricData publisher stays off even if asked for.
        assertThat(CloudWatchPublishingConfiguration.enabled(Env.of(Map.of("CLOUDWATCH_ENABLED", "true")))).isTrue();
        assertThat(CloudWatchPublishingConfiguration.enabled(Env.of(Map.of("CLOUDWATCH_ENABLED", "true",
                "AWS_LAMBDA_FUNCTION_NAME", "llm-gateway")))).isFalse();
        assertThat(statements()).noneMatch(s -> strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("cloudwatch:")));
    }

    @Test
    void iamResourcesAreScopedToThisStack() {
        Set<String> tables = new TreeSet<>();
        map(template, "Resources").forEach((name, r) -> {
            if ("AWS::DynamoDB::Table".equals(asMap(r).get("Type"))) tables.add(name);
        });
        assertThat(tables).containsExactlyInAnyOrder("RoutesTable", "ApiKeysTable", "UsageTable", "AuditTable", "ResponsesTable", "CacheTable",
                "ConsoleSessionsTable");
        for (Map<String, Object> statement : statements()) {
            List<String> actions = strings(statement.get("Action"));
            List<Object> resources = statement.get("Resource") instanceof List<?> l ? new ArrayList<>(l) : List.of(statement.get("Resource"));
            if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                assertThat(actions).allMatch(a -> a.startsWith("dynamodb:"));
                for (Object resource : resources) {
                    if (asMap(resource).get("Fn::Sub") instanceof String sub) { // a table's index
                        assertThat(sub).matches("\\$\\{(\\w+)\\.Arn}/index/[\\w-]+");
                        assertThat(tables).contains(sub.substring(2, sub.indexOf('.')));
                        continue;
                    }
                    List<?> getAtt = (List<?>) asMap(resource).get("Fn::GetAtt");
                    assertThat(tables).contains((String) getAtt.get(0));
                    assertThat(getAtt.get(1)).isEqualTo("Arn");
                }
            }
            assertThat(resources).as("no Resource *").doesNotContain("*");
            if (actions.stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
                for (Object resource : resources) {
                    Object ref = asMap(((List<?>) asMap(resource).get("Fn::If")).get(1)).get("Ref");
                    assertThat((String) ref).endsWith("SecretArn");
                }
            }
        }
    }

    @Test
    void reservedConcurrencyBoundsTheFunctionUnlessSwitchedOff() {
        assertThat(parameter("ReservedConcurrency").get("Default")).isEqualTo(50);
        assertThat(function.get("ReservedConcurrentExecutions")).isEqualTo(Map.of("Fn::If",
                List.of("HasReservedConcurrency", Map.of("Ref", "ReservedConcurrency"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(map(template, "Conditions").get("HasReservedConcurrency"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ReservedConcurrency"), -1)))));
    }

    @Test
    void alarmsWatchLambdaThrottlesAndTheUnauthorizedCountTheGatewayWrites() {
        Map<String, Object> throttles = map(resource("GatewayThrottlesAlarm"), "Properties");
        assertThat(throttles).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", "Throttles")
                .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", "GatewayFunction"))));
        Map<String, Object> unauthorized = map(resource("GatewayUnauthorizedAlarm"), "Properties");
        assertThat(unauthorized).containsEntry("Namespace", Map.of("Ref", "MetricsNamespace"))
                .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", "GatewayFunction"))));
        // The metric name is one the EMF writer really emits for a 401, in the FunctionName-only dimension set.
        List<String> lines = new ArrayList<>();
        new EmfWriter("LlmGateway", "fn", List.of(List.of("FunctionName"), List.of("FunctionName", "Provider")),
                Clock.systemUTC(), lines::add).completed(CompletedRequest.builder().model("m").provider("p").status(401)
                .latency(Duration.ofMillis(1)).build());
        JsonNode directive = Json.tree(lines.getFirst()).at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Metrics").findValuesAsText("Name")).contains((String) unauthorized.get("MetricName"));
        assertThat(directive.get("Dimensions").get(0).toString()).isEqualTo("[\"FunctionName\"]");
        Object notify = map(map(resource("GatewayErrorRateAlarm"), "Properties"), "AlarmActions");
        for (Map<String, Object> alarm : List.of(throttles, unauthorized)) {
            assertThat(alarm).containsEntry("Statistic", "Sum").containsEntry("Period", 60).containsEntry("AlarmActions", notify);
        }
    }

    @Test
    void cloudFrontWithAWafRateRuleFrontsTheFunctionUrlOnlyWhenChosen() {
        assertThat(parameter("CloudFrontEnabled").get("Default")).isEqualTo("false");
        assertThat(resource("GatewayDistribution").get("Condition")).isEqualTo("UseCloudFront");
        assertThat(resource("GatewayWebAcl").get("Condition")).isEqualTo("CreateWebAcl");
        Map<String, Object> config = map(map(resource("GatewayDistribution"), "Properties"), "DistributionConfig");
        Map<String, Object> origin = asMap(((List<?>) config.get("Origins")).getFirst());
        assertThat(origin.get("DomainName")).isEqualTo(Map.of("Fn::Select", List.of(2,
                Map.of("Fn::Split", List.of("/", Map.of("Fn::GetAtt", List.of("GatewayFunctionUrl", "FunctionUrl")))))));
        Map<String, Object> behavior = map(config, "DefaultCacheBehavior");
        assertThat(behavior).containsEntry("TargetOriginId", origin.get("Id"))
                .containsEntry("CachePolicyId", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")          // caching off: Authorization may pass
                .containsEntry("OriginRequestPolicyId", "b689b0a8-53d0-40ab-baf2-68738e2966ac");  // all viewer headers but Host
        assertThat(strings(behavior.get("AllowedMethods"))).contains("POST");
        Map<String, Object> acl = map(resource("GatewayWebAcl"), "Properties");
        assertThat(acl).containsEntry("Scope", "CLOUDFRONT");
        Map<String, Object> rate = map(map(asMap(((List<?>) acl.get("Rules")).getFirst()), "Statement"), "RateBasedStatement");
        assertThat(rate).containsEntry("AggregateKeyType", "IP").containsEntry("Limit", Map.of("Ref", "WafRateLimitPer5Minutes"));
        // Neither adds anything to the data-plane role: the statements checked above are all it has.
        assertThat(statements()).noneMatch(st -> strings(st.get("Action")).stream().anyMatch(a -> a.startsWith("wafv2:") || a.startsWith("cloudfront:")));
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
    void alarmsAreThoseOfTheInfraSnippet() throws IOException {
        Map<String, Object> snippet = CfnYaml.load(Repo.file("infra/cloudwatch/alarms.yaml"));
        map(snippet, "Resources").forEach((name, alarm) -> assertThat(resource(name)).as(name).isEqualTo(alarm));
        map(snippet, "Parameters").forEach((name, p) -> assertThat(parameter(name)).as(name).isEqualTo(p));
        map(snippet, "Conditions").forEach((name, c) -> assertThat(map(template, "Conditions").get(name)).as(name).isEqualTo(c));
        assertThat(map(snippet, "Resources")).containsOnlyKeys("GatewayErrorRateAlarm", "GatewayLatencyP99Alarm");
    }

    @Test
    void dashboardBodyIsTheInfraFileWithItsPlaceholdersFilled() throws IOException {
        Map<String, Object> properties = map(resource("GatewayDashboard"), "Properties");
        assertThat(resource("GatewayDashboard").get("Type")).isEqualTo("AWS::CloudWatch::Dashboard");
        List<?> sub = (List<?>) asMap(properties.get("DashboardBody")).get("Fn::Sub");
        String file = Files.readString(Repo.file("infra/cloudwatch/dashboard.json"));
        assertThat(sub.get(0)).isEqualTo(file);
        assertThat(sub.get(1)).isEqualTo(Map.of("Namespace", Map.of("Ref", "MetricsNamespace"),
                "FunctionName", Map.of("Ref", "GatewayFunction")));
        // Every placeholder is filled: the two mapped names and the pseudo parameter.
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(file);
        Set<String> placeholders = new TreeSet<>();
        while (m.find()) placeholders.add(m.group(1));
        assertThat(placeholders).containsExactlyInAnyOrder("AWS::Region", "Namespace", "FunctionName");
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

    /** The gateway function's policy statements, with both branches of a conditional statement. */
    static List<Map<String, Object>> statements() {
        return statements(function);
    }

    /** The admin function's policy statements. */
    static List<Map<String, Object>> adminStatements() {
        return statements(map(resource("AdminFunction"), "Properties"));
    }

    static List<Map<String, Object>> statements(Map<String, Object> function) {
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

    static List<String> strings(Object value) {
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
