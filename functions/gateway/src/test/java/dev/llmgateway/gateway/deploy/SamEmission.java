package dev.llmgateway.gateway.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CloudFormation resources SAM's transform emits for each {@code AWS::Serverless::Function}, as
 * far as they follow from the template (samtranslator: model/sam_resources.py and
 * model/eventsources/push.py): the function, its role, the version and alias of
 * {@code AutoPublishAlias}, the Function URL and its public permission, and per {@code Api} event the
 * invoke permission and the method's Lambda proxy integration. SAM writes that integration into the
 * REST API's OpenAPI body; here it takes the {@code AWS::ApiGateway::Method} form, whose schema types
 * the same fields. Properties SAM passes through are copied unchanged, so a mistyped value reaches the
 * CloudFormation schema that refuses it, and a SAM-only property not listed here fails the function's
 * schema instead of vanishing.
 */
final class SamEmission {
    /** Properties of AWS::Serverless::Function that SAM turns into other resources or drops. */
    private static final Set<String> SAM_ONLY = Set.of("CodeUri", "InlineCode", "AutoPublishAlias", "AutoPublishCodeSha256",
            "AutoPublishAliasAllProperties", "DeploymentPreference", "Events", "FunctionUrlConfig", "Policies", "Role",
            "ProvisionedConcurrencyConfig", "VersionDescription", "Tags");

    private SamEmission() {}

    /** Every resource of the resolved template, with each serverless function replaced by what SAM emits for it. */
    static Map<String, Map<String, Object>> expand(Map<String, Map<String, Object>> resolved) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resolved.forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) out.putAll(function(name, properties(resource), resolved));
            else if ("AWS::Serverless::Api".equals(resource.get("Type"))) {
                out.put(name, restApi(name, properties(resource)));
                out.put(name + "UsagePlan", usagePlan(properties(resource)));
            }
            else out.put(name, resource);
        });
        out.values().removeIf(r -> r == null);
        return out;
    }

    private static Map<String, Map<String, Object>> function(String name, Map<String, Object> sam, Map<String, Map<String, Object>> all) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, Object> lambda = new LinkedHashMap<>();
        lambda.put("Code", Map.of("S3Bucket", "sam-artifacts-example", "S3Key", name + ".zip"));
        lambda.put("Role", sam.getOrDefault("Role", "arn:aws:iam::" + CfnResolver.ACCOUNT + ":role/" + name + "Role"));
        sam.forEach((key, value) -> {
            if (!SAM_ONLY.contains(key)) lambda.put(key, value);
        });
        out.put(name, resource("AWS::Lambda::Function", lambda));
        if (!sam.containsKey("Role")) out.put(name + "Role", role(name, sam));

        String functionArn = "arn:aws:lambda:" + CfnResolver.REGION + ":" + CfnResolver.ACCOUNT + ":function:" + CfnResolver.STACK + "-" + name;
        String target = functionArn;
        if (sam.get("AutoPublishAlias") instanceof String alias) {
            Map<String, Object> version = new LinkedHashMap<>(Map.of("FunctionName", functionArn));
            if (sam.containsKey("VersionDescription")) version.put("Description", sam.get("VersionDescription"));
            out.put(name + "Version", resource("AWS::Lambda::Version", version));
            out.put(name + "Alias" + alias, resource("AWS::Lambda::Alias",
                    Map.of("Name", alias, "FunctionName", functionArn, "FunctionVersion", "1")));
            target = functionArn + ":" + alias;
        }
        if (sam.get("FunctionUrlConfig") instanceof Map<?, ?> url) {
            Map<String, Object> properties = new LinkedHashMap<>(TemplateTest.asMap(url));
            properties.put("TargetFunctionArn", target);
            out.put(name + "Url", resource("AWS::Lambda::Url", properties));
            if ("NONE".equals(url.get("AuthType"))) {
                out.put(name + "UrlPublicPermissions", resource("AWS::Lambda::Permission", Map.of("Action", "lambda:InvokeFunctionUrl",
                        "FunctionName", target, "Principal", "*", "FunctionUrlAuthType", "NONE")));
            }
        }
        if (sam.get("Events") instanceof Map<?, ?> events) {
            for (var event : TemplateTest.asMap(events).entrySet()) {
                Map<String, Object> e = TemplateTest.asMap(event.getValue());
                if (!"Api".equals(e.get("Type"))) continue;
                Map<String, Object> api = properties(e);
                out.put(name + event.getKey() + "Permission", resource("AWS::Lambda::Permission", Map.of("Action", "lambda:InvokeFunction",
                        "FunctionName", target, "Principal", "apigateway.amazonaws.com",
                        "SourceArn", "arn:aws:execute-api:" + CfnResolver.REGION + ":" + CfnResolver.ACCOUNT + ":example/*/*/*")));
                out.put(name + event.getKey() + "Method", method(target, api, all));
            }
        }
        return out;
    }

    /** The role SAM creates: Lambda may assume it, basic logging, and each Policies entry as an inline policy. */
    private static Map<String, Object> role(String name, Map<String, Object> sam) {
        List<Object> policies = new java.util.ArrayList<>();
        if (sam.get("Policies") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> document) {
                    policies.add(Map.of("PolicyName", name + "RolePolicy" + i, "PolicyDocument", document));
                }
            }
        }
        return resource("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                        "Principal", Map.of("Service", List.of("lambda.amazonaws.com")), "Action", List.of("sts:AssumeRole")))),
                "ManagedPolicyArns", List.of("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                "Policies", policies));
    }

    /**
     * The proxy integration of an Api event (swagger.py add_lambda_integration): RESPONSE_STREAM becomes the
     * integration's STREAM and the response-streaming invocation path. Any other value passes through
     * unchanged, so the Method schema's enum refuses a mistyped one (SAM itself would quietly buffer).
     */
    private static Map<String, Object> method(String target, Map<String, Object> event, Map<String, Map<String, Object>> all) {
        Object mode = event.get("ResponseTransferMode");
        boolean streams = "RESPONSE_STREAM".equals(mode);
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("Type", "AWS_PROXY");
        integration.put("IntegrationHttpMethod", "POST");
        integration.put("Uri", "arn:aws:apigateway:" + CfnResolver.REGION + ":lambda:path/" + (streams ? "2021-11-15" : "2015-03-31")
                + "/functions/" + target + (streams ? "/response-streaming-invocations" : "/invocations"));
        if (event.containsKey("TimeoutInMillis")) integration.put("TimeoutInMillis", event.get("TimeoutInMillis"));
        if (mode != null) integration.put("ResponseTransferMode", streams ? "STREAM" : mode);
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("HttpMethod", "any".equalsIgnoreCase(String.valueOf(event.get("Method"))) ? "ANY" : event.get("Method"));
        method.put("ResourceId", "example");
        method.put("RestApiId", event.getOrDefault("RestApiId", "example"));
        method.put("AuthorizationType", "NONE");
        method.put("ApiKeyRequired", apiKeyRequired(event, all));
        method.put("Integration", integration);
        return resource("AWS::ApiGateway::Method", method);
    }

    /** Auth.ApiKeyRequired of the Serverless::Api the event names (by its Ref, resolved to the example physical id). */
    private static boolean apiKeyRequired(Map<String, Object> event, Map<String, Map<String, Object>> all) {
        for (var api : all.entrySet()) {
            if (!CfnResolver.physicalId(api.getKey()).equals(event.get("RestApiId"))) continue;
            return properties(api.getValue()).get("Auth") instanceof Map<?, ?> auth && Boolean.TRUE.equals(auth.get("ApiKeyRequired"));
        }
        return false; // an implicit API: SAM's default is no key
    }

    /** The REST API (api/api_generator.py): EndpointConfiguration.Type becomes the list Types. */
    private static Map<String, Object> restApi(String name, Map<String, Object> api) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Name", api.getOrDefault("Name", CfnResolver.STACK + "-" + name));
        properties.put("Body", Map.of("openapi", "3.0.1"));
        if (api.get("EndpointConfiguration") instanceof Map<?, ?> endpoint) {
            properties.put("EndpointConfiguration", Map.of("Types", List.of(endpoint.get("Type"))));
        }
        return resource("AWS::ApiGateway::RestApi", properties);
    }

    /** The usage plan of Auth.UsagePlan (api/api_generator.py): its throttle passes through. */
    private static Map<String, Object> usagePlan(Map<String, Object> api) {
        if (!(api.get("Auth") instanceof Map<?, ?> auth) || !(auth.get("UsagePlan") instanceof Map<?, ?> plan)) return null;
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ApiStages", List.of(Map.of("ApiId", "example", "Stage", String.valueOf(api.get("StageName")))));
        for (String key : List.of("Description", "Quota", "Tags", "Throttle", "UsagePlanName")) {
            if (plan.containsKey(key)) properties.put(key, plan.get(key));
        }
        return resource("AWS::ApiGateway::UsagePlan", properties);
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : TemplateTest.asMap(properties);
    }

    private static Map<String, Object> resource(String type, Map<String, Object> properties) {
        return Map.of("Type", type, "Properties", properties);
    }
}
