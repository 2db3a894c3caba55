package dev.llmgateway.gateway.deploy;

import static dev.llmgateway.gateway.deploy.TemplateTest.asMap;
import static dev.llmgateway.gateway.deploy.TemplateTest.map;
import static dev.llmgateway.gateway.deploy.TemplateTest.parameter;
import static dev.llmgateway.gateway.deploy.TemplateTest.resource;
import static dev.llmgateway.gateway.deploy.TemplateTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.admin.console.session.DynamoSessionStore;
import dev.llmgateway.admin.console.session.SessionStores;
import dev.llmgateway.admin.lambda.AdminHandler;
import dev.llmgateway.admin.lambda.AdminPriming;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin function in template.yaml, checked against its code as {@link TemplateTest} checks the
 * gateway: its handler, URL, variables, role (what the admin API calls, and nothing the gateway's
 * role still needs for it), and the limits CloudFormation puts on conditions.
 */
class AdminFunctionTemplateTest {
    /** The modules whose code the admin function runs (core's store and audit variables are listed below). */
    static final String[] ADMIN_MODULES = {"shared", "admin"};
    /** What core reads for the stores, the audit log and the mode, which the admin function needs. */
    static final Set<String> CORE_STATE_VARIABLES = Set.of("GATEWAY_MODE", "ROUTES_TABLE", "API_KEYS_TABLE", "USAGE_TABLE",
            "AUDIT_TABLE", "AUDIT_HMAC_KEY", "AUDIT_RETENTION_DAYS", "AUDIT_CHECKPOINT_EVERY", "AUDIT_CHECKPOINT_INTERVAL_MS",
            "GATEWAY_STORE_FAILURE_MODE");
    /** Read by the admin code but not set on Lambda: the local console's port. */
    static final Set<String> NOT_ON_LAMBDA = Set.of("CONSOLE_PORT");

    static Map<String, Object> function;
    static Map<String, Object> variables;

    @BeforeAll
    static void load() throws IOException {
        TemplateTest.load();
        function = map(resource("AdminFunction"), "Properties");
        variables = map(map(function, "Environment"), "Variables");
    }

    @Test
    void handlerIsTheContainerHandlerOnManagedJavaWithItsOwnLogGroup() {
        assertThat(resource("AdminFunction")).containsEntry("Type", "AWS::Serverless::Function")
                .containsEntry("Metadata", Map.of("BuildMethod", "makefile"));
        assertThat(function).containsEntry("Handler", AdminHandler.class.getName() + "::handleRequest")
                .containsEntry("Runtime", "java21").containsEntry("Architectures", List.of("arm64"))
                .containsEntry("LoggingConfig", Map.of("LogGroup", Map.of("Ref", "AdminFunctionLogs")));
        assertThat(function).doesNotContainKeys("Layers", "Events"); // no web adapter, no REST API of its own
        assertThat(map(map(resource("AdminFunctionLogs"), "Properties"), "LogGroupName"))
                .isEqualTo(Map.of("Fn::Sub", "/aws/lambda/${AWS::StackName}-admin"));
    }

    @Test
    void itHasItsOwnBufferedFunctionUrlWhoseAuthIsAChoiceDefaultingToTheAppsKeyCheck() {
        assertThat(map(function, "FunctionUrlConfig")).containsEntry("AuthType", Map.of("Ref", "AdminFunctionUrlAuthType"))
                .containsEntry("InvokeMode", "BUFFERED");
        assertThat(parameter("AdminFunctionUrlAuthType")).containsEntry("Default", "NONE")
                .containsEntry("AllowedValues", List.of("NONE", "AWS_IAM"));
        assertThat(map(map(TemplateTest.template, "Outputs"), "AdminUrl"))
                .containsEntry("Value", Map.of("Fn::GetAtt", List.of("AdminFunctionUrl", "FunctionUrl")));
    }

    @Test
    void samBuildUnpacksTheAdminZip() throws IOException {
        String makefile = Files.readString(Repo.file("Makefile"));
        assertThat(makefile).contains("build-AdminFunction:", "functions/admin/target/admin-lambda.zip",
                "-pl functions/gateway,functions/admin");
    }

    @Test
    void everyVariableTheAdminCodeReadsIsDeclared() {
        Set<String> read = SourceScan.environmentVariablesRead(ADMIN_MODULES);
        assertThat(read).contains("ADMIN_API_KEY", "API_KEY_PEPPER", "CONSOLE_PORT"); // the scan works
        assertThat(read).containsAll(NOT_ON_LAMBDA);
        Set<String> expected = new TreeSet<>(read);
        expected.addAll(CORE_STATE_VARIABLES);
        expected.removeAll(TemplateTest.LAMBDA_RESERVED);
        expected.removeAll(TemplateTest.LOCAL_ONLY);
        expected.removeAll(NOT_ON_LAMBDA);
        assertThat(variables.keySet()).containsAll(expected).doesNotContainAnyElementsOf(NOT_ON_LAMBDA)
                .doesNotContainAnyElementsOf(TemplateTest.LOCAL_ONLY);
        assertThat(variables).containsEntry("GATEWAY_MODE", "deployed")
                // The configuration file ships in the gateway's package; its provider references mean nothing here.
                .doesNotContainKey("GATEWAY_CONFIG");
        // The same tables as the gateway's.
        Map<String, Object> gateway = TemplateTest.variables;
        for (String table : List.of("ROUTES_TABLE", "API_KEYS_TABLE", "USAGE_TABLE", "AUDIT_TABLE")) {
            assertThat(variables.get(table)).as(table).isEqualTo(gateway.get(table));
        }
    }

    @Test
    void itsSecretsComeOnlyFromSecretsManagerArns() {
        Map<String, String> secrets = Map.of("ADMIN_API_KEY", "AdminApiKeySecretArn", "API_KEY_PEPPER", "ApiKeyPepperSecretArn",
                "AUDIT_HMAC_KEY", "AuditHmacKeySecretArn");
        Set<Object> granted = new java.util.HashSet<>();
        Map<String, Object> read = statements().stream().filter(s -> strings(s.get("Action")).contains("secretsmanager:GetSecretValue"))
                .findFirst().orElseThrow();
        for (Object r : (List<?>) read.get("Resource")) granted.add(((List<?>) asMap(r).get("Fn::If")).get(1));
        secrets.forEach((variable, parameter) -> {
            assertThat(variables).containsEntry(variable, "").containsEntry(variable + "_SECRET_ARN", Map.of("Ref", parameter));
            assertThat(granted).contains(Map.of("Ref", parameter));
        });
        assertThat(granted).hasSize(secrets.size());
        assertThat(function.get("Policies").toString()).contains("HasAdminFunctionSecret");
    }

    /** Per table, what the admin API calls: core's stores as AdminApi, UsageReport and the audit search use them. */
    static final Map<String, Set<String>> ADMIN_GRANTS = Map.of(
            "RoutesTable", Set.of("dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
            "ApiKeysTable", Set.of("dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
            "UsageTable", Set.of("dynamodb:GetItem"),
            "AuditTable", Set.of("dynamodb:BatchWriteItem", "dynamodb:Query", "dynamodb:Scan"),
            "ConsoleSessionsTable", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"));

    static final String SESSION_STORE = "functions/admin/src/main/java/dev/llmgateway/admin/console/session/DynamoSessionStore.java";

    /** Per table, what the request path calls; everything the admin API alone needed has left the gateway's role. */
    static final Map<String, Set<String>> GATEWAY_GRANTS = Map.of(
            "RoutesTable", Set.of("dynamodb:Scan", "dynamodb:PutItem"),
            "ApiKeysTable", Set.of("dynamodb:GetItem"),
            "UsageTable", Set.of("dynamodb:UpdateItem", "dynamodb:GetItem"),
            "AuditTable", Set.of("dynamodb:BatchWriteItem"),
            "ResponsesTable", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
            "CacheTable", Set.of("dynamodb:GetItem", "dynamodb:PutItem"));

    @Test
    void adminRoleIsReadWriteOnConfigTenantsAndSessionsAndReadOnUsageAndAudit() {
        assertThat(tableGrants(statements())).isEqualTo(new TreeMap<>(ADMIN_GRANTS));
        assertThat(indexGrants(statements())).containsExactlyInAnyOrder(
                "${UsageTable.Arn}/index/by-tenant-day dynamodb:Query", "${AuditTable.Arn}/index/by-tenant dynamodb:Query");
        // Nothing else: no model invocation, no responses or cache table, no metric writes.
        Set<String> actions = new TreeSet<>();
        for (Map<String, Object> s : statements()) actions.addAll(strings(s.get("Action")));
        assertThat(actions).noneMatch(a -> a.startsWith("bedrock:") || a.startsWith("aps:") || a.equals("cloudwatch:PutMetricData"));
    }

    @Test
    void gatewayRoleKeepsOnlyWhatTheRequestPathCalls() {
        assertThat(tableGrants(TemplateTest.statements())).isEqualTo(new TreeMap<>(GATEWAY_GRANTS));
        assertThat(indexGrants(TemplateTest.statements())).isEmpty(); // the index queries are the admin API's
    }

    @Test
    void theConsolesSessionsLiveInTheirOwnTableSoAnyNumberOfEnvironmentsServeIt() {
        assertThat(function).as("no pin to one environment").doesNotContainKey("ReservedConcurrentExecutions");
        assertThat(variables).containsEntry(SessionStores.TABLE_VARIABLE, Map.of("Ref", "ConsoleSessionsTable"))
                .containsEntry("CONSOLE_SESSION_IDLE_MINUTES", "30");
        assertThat(TemplateTest.variables).as("the gateway never reads sessions").doesNotContainKey(SessionStores.TABLE_VARIABLE);
        Map<String, Object> table = map(resource("ConsoleSessionsTable"), "Properties");
        assertThat(table.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", DynamoSessionStore.PK, "KeyType", "HASH")));
        assertThat(table.get("AttributeDefinitions")).isEqualTo(List.of(Map.of("AttributeName", DynamoSessionStore.PK, "AttributeType", "S")));
        assertThat(map(table, "TimeToLiveSpecification")).isEqualTo(Map.of("AttributeName", DynamoSessionStore.EXPIRES_AT, "Enabled", true));
        assertThat(table).containsEntry("BillingMode", "PAY_PER_REQUEST").containsEntry("SSESpecification", Map.of("SSEEnabled", true));
        // Exactly what the store calls, on that table only.
        assertThat(SourceScan.dynamoActionsIn(SESSION_STORE)).isEqualTo(ADMIN_GRANTS.get("ConsoleSessionsTable"));
        assertThat(statements()).filteredOn(s -> "ConsoleSessions".equals(s.get("Sid"))).singleElement().satisfies(s -> {
            assertThat(new TreeSet<>(strings(s.get("Action")))).isEqualTo(new TreeSet<>(ADMIN_GRANTS.get("ConsoleSessionsTable")));
            assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of("ConsoleSessionsTable", "Arn")));
        });
    }

    @Test
    void snapStartOnPublishedVersionsWithTheUrlOnTheLiveAlias() {
        assertThat(map(function, "SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(function).containsEntry("AutoPublishAlias", "live"); // SAM points the Function URL at the alias
        assertThat(AdminPriming.class).isAssignableTo(org.crac.Resource.class);
    }

    @Test
    void thePlaygroundCallsTheGatewaysUrlWhichAcceptsBrowsersFromAnyOriginWithoutCredentials() {
        assertThat(variables).containsEntry("GATEWAY_URL", Map.of("Fn::GetAtt", List.of("GatewayFunctionUrl", "FunctionUrl")));
        // The admin URL's origin cannot be named: AdminFunction already needs the gateway's URL, so the
        // gateway naming AdminFunctionUrl would be a circular reference.
        assertThat(TemplateTest.function.toString()).doesNotContain("AdminFunctionUrl").doesNotContain("AdminFunction");
        assertThat(TemplateTest.variables).containsEntry("GATEWAY_CORS_ALLOWED_ORIGINS", "*");
        // The gateway answers CORS itself (its preflights included): the Function URL adds no CORS of its own.
        assertThat(map(TemplateTest.function, "FunctionUrlConfig")).doesNotContainKey("Cors");
    }

    @Test
    void getMetricDataIsTheOnlyCloudWatchActionAndTheOnlyStarResource() {
        assertThat(SourceScan.iamActionsCalled()).contains("cloudwatch:GetMetricData"); // the console's deployed data source
        List<Map<String, Object>> star = statements().stream().filter(s -> "*".equals(s.get("Resource"))).toList();
        assertThat(star).singleElement().satisfies(s -> assertThat(strings(s.get("Action"))).containsExactly("cloudwatch:GetMetricData"));
        for (Map<String, Object> s : statements()) {
            for (String action : strings(s.get("Action"))) {
                assertThat(action).doesNotContain("*");
                if (action.startsWith("cloudwatch:")) assertThat(action).isEqualTo("cloudwatch:GetMetricData");
            }
        }
    }

    /** CloudFormation's Fn::Or and Fn::And take 2 to 10 conditions; more fails the deployment, not the template's YAML. */
    @Test
    void everyOrAndAndHasTwoToTenConditions() {
        List<Integer> sizes = new ArrayList<>();
        collect(TemplateTest.template, sizes);
        assertThat(sizes).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(2, 10));
    }

    @Test
    void hasAnySecretStillCoversEverySecretTheGatewayReads() {
        Map<String, Object> conditions = map(TemplateTest.template, "Conditions");
        Set<String> covered = new TreeSet<>();
        leaves("HasAnySecret", conditions, covered);
        Set<String> gatewaySecrets = new TreeSet<>();
        for (Object r : (List<?>) TemplateTest.statements().stream()
                .filter(s -> strings(s.get("Action")).contains("secretsmanager:GetSecretValue")).findFirst().orElseThrow().get("Resource")) {
            gatewaySecrets.add((String) ((List<?>) asMap(r).get("Fn::If")).get(0));
        }
        assertThat(covered).isEqualTo(gatewaySecrets);
        Set<String> admin = new TreeSet<>();
        leaves("HasAdminFunctionSecret", conditions, admin);
        assertThat(admin).containsExactlyInAnyOrder("HasAdminKeySecret", "HasPepperSecret", "HasAuditKeySecret");
    }

    /** The Has*Secret conditions an Or-tree of conditions ends in. */
    private static void leaves(String name, Map<String, Object> conditions, Set<String> out) {
        Map<String, Object> condition = asMap(conditions.get(name));
        if (!condition.containsKey("Fn::Or")) {
            out.add(name);
            return;
        }
        for (Object operand : (List<?>) condition.get("Fn::Or")) leaves((String) asMap(operand).get("Condition"), conditions, out);
    }

    private static void collect(Object node, List<Integer> sizes) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((key, value) -> {
                if (("Fn::Or".equals(key) || "Fn::And".equals(key)) && value instanceof List<?> operands) sizes.add(operands.size());
                collect(value, sizes);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, sizes));
        }
    }

    private static Map<String, Set<String>> tableGrants(List<Map<String, Object>> statements) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (Map<String, Object> s : statements) {
            Object resource = s.get("Resource");
            for (Object r : resource instanceof List<?> l ? l : List.of(resource)) {
                if (r instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> att) {
                    grants.computeIfAbsent((String) att.get(0), t -> new TreeSet<>()).addAll(strings(s.get("Action")));
                }
            }
        }
        return grants;
    }

    private static List<String> indexGrants(List<Map<String, Object>> statements) {
        List<String> grants = new ArrayList<>();
        for (Map<String, Object> s : statements) {
            if (s.get("Resource") instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String sub) {
                for (String action : strings(s.get("Action"))) grants.add(sub + " " + action);
            }
        }
        return grants;
    }

    private static List<Map<String, Object>> statements() {
        return TemplateTest.adminStatements();
    }
}
