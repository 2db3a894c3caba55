package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * template.yaml against the official schemas (placed as src/test/schemas/README.md says): SAM's template schema
 * on the template as written, and the CloudFormation resource schemas on every resource after
 * evaluating its intrinsics, including the resources SAM emits for the serverless function and API.
 * Each check is shown to refuse a deliberately broken copy.
 */
class TemplateSchemaTest {
    @BeforeAll
    static void schemasArePresent() {
        if (!TemplateSchemas.available()) {
            String reason = "SKIPPED: the official SAM and CloudFormation schemas are not in " + TemplateSchemas.dir()
                    + " (set " + TemplateSchemas.DIR_VARIABLE + "; functions/gateway/src/test/schemas/README.md says which files)";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
    }

    /** Parameter sets that together take every Fn::If branch of the template's options. */
    static List<Map<String, String>> parameterSets() {
        return List.of(Map.of(), Map.of(
                "FunctionUrlAuthType", "AWS_IAM",
                "AlarmTopicArn", "arn:aws:sns:us-east-1:123456789012:alarms",
                "OpenAiApiKeySecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-AbCdEf",
                "PrometheusRemoteWriteWorkspaceArn", "arn:aws:aps:us-east-1:123456789012:workspace/ws-1",
                "BedrockEnabled", "false",
                "BedrockEndpointUrl", "https://bedrock.example",
                "CloudFrontEnabled", "true"), Map.of(
                "CloudFrontEnabled", "true",
                "CloudFrontWebAclArn", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/gateway/a1b2c3d4",
                "ReservedConcurrency", "-1"));
    }

    private static Map<String, Object> template() throws IOException {
        return CfnYaml.load(Repo.file("template.yaml"));
    }

    private static List<String> resourceErrors(Map<String, Object> template, Map<String, String> parameters) {
        return TemplateSchemas.resourceErrors(SamEmission.expand(CfnResolver.resources(template, parameters)));
    }

    @Test
    void templateMatchesTheSamSchema() throws IOException {
        assertThat(TemplateSchemas.samErrors(template())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void everyResourceAndWhatSamEmitsMatchTheirCloudFormationSchemas(Map<String, String> parameters) throws IOException {
        Map<String, Map<String, Object>> emitted = SamEmission.expand(CfnResolver.resources(template(), parameters));
        assertThat(emitted.values()).extracting(r -> r.get("Type")).contains("AWS::Lambda::Function", "AWS::Lambda::Url",
                "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::ApiGateway::Method", "AWS::IAM::Role", "AWS::DynamoDB::Table");
        assertThat(TemplateSchemas.resourceErrors(emitted)).isEmpty();
        // What SAM makes of the REST route: a streaming proxy integration on the alias, behind an API key.
        Map<String, Object> method = TemplateTest.map(emitted.get("GatewayFunctionApiProxyMethod"), "Properties");
        assertThat(method).containsEntry("ApiKeyRequired", true).containsEntry("HttpMethod", "ANY");
        assertThat(TemplateTest.map(method, "Integration")).containsEntry("Type", "AWS_PROXY").containsEntry("ResponseTransferMode", "STREAM")
                .containsEntry("TimeoutInMillis", 900000)
                .hasEntrySatisfying("Uri", uri -> assertThat((String) uri).endsWith(":live/response-streaming-invocations"));
        assertThat(TemplateTest.map(emitted.get("GatewayFunctionUrl"), "Properties"))
                .containsEntry("InvokeMode", "RESPONSE_STREAM")
                .hasEntrySatisfying("TargetFunctionArn", arn -> assertThat((String) arn).endsWith(":live"));
    }

    // ---- each check refuses a broken copy ----

    /** One deliberate mistake in a copy of the template, and the resource whose CloudFormation schema must refuse it. */
    record Breakage(String name, Consumer<Map<String, Object>> edit, String refusedBy, Map<String, String> parameters) {
        Breakage(String name, Consumer<Map<String, Object>> edit, String refusedBy) {
            this(name, edit, refusedBy, Map.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Breakage> breakages() {
        return List.of(
                new Breakage("mistyped InvokeMode of the Function URL",
                        t -> urlConfig(t).put("InvokeMode", "RESPONSE_STREEM"), "GatewayFunctionUrl (AWS::Lambda::Url)"),
                new Breakage("mistyped ResponseTransferMode of the REST route",
                        t -> apiEvent(t).put("ResponseTransferMode", "RESPONSE_STREEM"), "GatewayFunctionApiProxyMethod (AWS::ApiGateway::Method)"),
                new Breakage("log retention Lambda does not offer (parameter default)",
                        t -> TemplateTest.map(TemplateTest.map(t, "Parameters"), "LogRetentionDays").put("Default", 31), "GatewayFunctionLogs (AWS::Logs::LogGroup)"),
                new Breakage("MemorySize of the wrong type (a String parameter)",
                        t -> TemplateTest.map(TemplateTest.map(t, "Parameters"), "MemorySize").put("Type", "String"), "GatewayFunction (AWS::Lambda::Function)"),
                new Breakage("alias name Lambda refuses",
                        t -> function(t).put("AutoPublishAlias", "live!"), "GatewayFunctionAliaslive! (AWS::Lambda::Alias)"),
                new Breakage("version description over 256 characters",
                        t -> function(t).put("VersionDescription", "x".repeat(257)), "GatewayFunctionVersion (AWS::Lambda::Version)"),
                new Breakage("mistyped key attribute type of a table",
                        t -> TemplateTest.asMap(((List<?>) properties(t, "UsageTable").get("AttributeDefinitions")).getFirst()).put("AttributeType", "STRING"),
                        "UsageTable (AWS::DynamoDB::Table)"),
                new Breakage("mistyped TreatMissingData of an alarm",
                        t -> properties(t, "GatewayErrorRateAlarm").put("TreatMissingData", "notbreaching"), "GatewayErrorRateAlarm (AWS::CloudWatch::Alarm)"),
                new Breakage("WAF rate rule keyed on a mistyped aggregate",
                        t -> TemplateTest.asMap(TemplateTest.asMap(TemplateTest.asMap(((List<?>) properties(t, "GatewayWebAcl").get("Rules")).getFirst())
                                .get("Statement")).get("RateBasedStatement")).put("AggregateKeyType", "IPP"),
                        "GatewayWebAcl (AWS::WAFv2::WebACL)", Map.of("CloudFrontEnabled", "true")),
                new Breakage("mistyped viewer protocol policy of the distribution",
                        t -> TemplateTest.map(TemplateTest.map(properties(t, "GatewayDistribution"), "DistributionConfig"), "DefaultCacheBehavior")
                                .put("ViewerProtocolPolicy", "https"),
                        "GatewayDistribution (AWS::CloudFront::Distribution)", Map.of("CloudFrontEnabled", "true")));
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void aBrokenCopyFailsTheCloudFormationSchemaOfTheResourceConcerned(Breakage breakage) throws IOException {
        Map<String, Object> copy = template();
        assertThat(resourceErrors(copy, breakage.parameters())).isEmpty();
        breakage.edit().accept(copy);
        assertThat(resourceErrors(copy, breakage.parameters())).anyMatch(e -> e.startsWith(breakage.refusedBy() + ": "));
    }

    @Test
    void samSchemaRefusesAnUnknownOrMistypedServerlessProperty() throws IOException {
        Map<String, Object> misspelt = template();
        urlConfig(misspelt).put("InvokeMod", "RESPONSE_STREAM");
        assertThat(TemplateSchemas.samErrors(misspelt)).anyMatch(e -> e.contains("InvokeMod"));

        Map<String, Object> mistyped = template();
        function(mistyped).put("AutoPublishAlias", List.of("live"));
        assertThat(TemplateSchemas.samErrors(mistyped)).isNotEmpty();

        // What the SAM schema cannot see (it leaves enum values to CloudFormation), the resource schemas refuse above.
        Map<String, Object> enumOnly = template();
        urlConfig(enumOnly).put("InvokeMode", "RESPONSE_STREEM");
        assertThat(TemplateSchemas.samErrors(enumOnly)).isEmpty();
    }

    @Test
    void everyResourceTypeTheTemplateDeclaresOrSamEmitsHasASchema() throws IOException {
        for (Map<String, String> parameters : parameterSets()) {
            SamEmission.expand(CfnResolver.resources(template(), parameters)).forEach((name, resource) ->
                    assertThat(TemplateSchemas.hasResourceSchema((String) resource.get("Type"))).as(name).isTrue());
        }
    }

    private static Map<String, Object> function(Map<String, Object> template) {
        return properties(template, "GatewayFunction");
    }

    private static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return TemplateTest.map(TemplateTest.map(TemplateTest.map(template, "Resources"), resource), "Properties");
    }

    private static Map<String, Object> urlConfig(Map<String, Object> template) {
        return TemplateTest.map(function(template), "FunctionUrlConfig");
    }

    private static Map<String, Object> apiEvent(Map<String, Object> template) {
        return TemplateTest.map(TemplateTest.map(TemplateTest.map(function(template), "Events"), "ApiProxy"), "Properties");
    }
}
