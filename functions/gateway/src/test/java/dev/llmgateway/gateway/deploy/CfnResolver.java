package dev.llmgateway.gateway.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a template's intrinsic functions the way CloudFormation would for one set of parameter
 * values, so that resource properties can be checked against the typed resource schemas (which
 * refuse {@code {Ref: X}} where they expect a string). Conditions decide {@code Fn::If} and drop
 * conditional resources; {@code AWS::NoValue} removes the key or list element. References to
 * resources become plausible example values (names, ARNs, a Function URL), since only a deployment
 * knows the real ones. Written here because no maintained Java library evaluates CloudFormation
 * intrinsics; it covers the functions {@link CfnYaml} reads.
 */
final class CfnResolver {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String STACK = "llm-gateway";
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, Object> template;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    private CfnResolver(Map<String, Object> template, Map<String, String> overrides) {
        this.template = template;
        section("Parameters").forEach((name, declared) -> {
            Map<String, Object> p = TemplateTest.asMap(declared);
            Object value = overrides.containsKey(name) ? overrides.get(name) : p.get("Default");
            if (value == null) throw new IllegalArgumentException("parameter " + name + " has no default and no value");
            parameters.put(name, typed(String.valueOf(p.get("Type")), String.valueOf(value)));
        });
        for (String name : overrides.keySet()) {
            if (!parameters.containsKey(name)) throw new IllegalArgumentException("no parameter " + name);
        }
    }

    /** The template's resources, evaluated with each parameter's default unless overridden. */
    static Map<String, Map<String, Object>> resources(Map<String, Object> template, Map<String, String> overrides) {
        CfnResolver resolver = new CfnResolver(template, overrides);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resolver.section("Resources").forEach((name, declared) -> {
            Map<String, Object> resource = TemplateTest.asMap(declared);
            if (resource.get("Condition") instanceof String condition && !resolver.condition(condition)) return;
            out.put(name, TemplateTest.asMap(resolver.resolve(resource)));
        });
        return out;
    }

    private Map<String, Object> section(String name) {
        Object value = template.get(name);
        return value == null ? Map.of() : TemplateTest.asMap(value);
    }

    private static Object typed(String type, String value) {
        return switch (type) {
            case "Number" -> value.contains(".") ? (Object) Double.parseDouble(value) : (Object) Long.parseLong(value);
            case "CommaDelimitedList", "List<Number>", "List<String>" -> List.of(value.split(",", -1));
            default -> value;
        };
    }

    private boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) return known;
        Object declared = section("Conditions").get(name);
        if (declared == null) throw new IllegalArgumentException("no condition " + name);
        boolean value = (Boolean) resolve(declared);
        conditions.put(name, value);
        return value;
    }

    private Object resolve(Object node) {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object value = resolve(item);
                if (value != NO_VALUE) out.add(value);
            }
            return out;
        }
        if (!(node instanceof Map<?, ?> raw)) return node;
        Map<String, Object> map = TemplateTest.asMap(raw);
        if (map.size() == 1) {
            var entry = map.entrySet().iterator().next();
            String key = entry.getKey();
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) return function(key, entry.getValue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            Object resolved = resolve(value);
            if (resolved != NO_VALUE) out.put(key, resolved);
        });
        return out;
    }

    private Object function(String name, Object argument) {
        List<?> args = argument instanceof List<?> l ? l : List.of();
        return switch (name) {
            case "Ref" -> ref((String) argument);
            case "Condition" -> condition((String) argument);
            case "Fn::If" -> resolve(condition((String) args.get(0)) ? args.get(1) : args.get(2));
            case "Fn::Equals" -> String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            case "Fn::Not" -> !(Boolean) resolve(args.get(0));
            case "Fn::And" -> args.stream().allMatch(a -> (Boolean) resolve(a));
            case "Fn::Or" -> args.stream().anyMatch(a -> (Boolean) resolve(a));
            case "Fn::GetAtt" -> getAtt((String) args.get(0), (String) args.get(1));
            case "Fn::Sub" -> argument instanceof String s ? sub(s, Map.of())
                    : sub((String) args.get(0), TemplateTest.asMap(args.get(1)));
            case "Fn::Join" -> String.join((String) args.get(0),
                    ((List<?>) resolve(args.get(1))).stream().map(String::valueOf).toList());
            case "Fn::Split" -> List.of(((String) resolve(args.get(1))).split(Pattern.quote((String) args.get(0)), -1));
            case "Fn::Select" -> ((List<?>) resolve(args.get(1))).get(Integer.parseInt(String.valueOf(resolve(args.get(0)))));
            case "Fn::GetAZs" -> List.of(REGION + "a", REGION + "b", REGION + "c");
            case "Fn::Base64" -> java.util.Base64.getEncoder().encodeToString(String.valueOf(resolve(argument)).getBytes());
            default -> throw new IllegalArgumentException("unsupported intrinsic function " + name);
        };
    }

    private Object ref(String name) {
        return switch (name) {
            case "AWS::NoValue" -> NO_VALUE;
            case "AWS::Region" -> REGION;
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::Partition" -> "aws";
            case "AWS::StackName" -> STACK;
            case "AWS::StackId" -> "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + STACK + "/example";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> {
                if (parameters.containsKey(name)) yield parameters.get(name);
                if (section("Resources").containsKey(name)) yield physicalId(name);
                throw new IllegalArgumentException("Ref to unknown " + name);
            }
        };
    }

    /** The example physical id (what Ref returns) of a resource. */
    static String physicalId(String resource) {
        return STACK + "-" + resource + "-EXAMPLE";
    }

    /**
     * Example attribute values: an ARN in the service of the resource's type (resources SAM generates,
     * such as GatewayFunctionUrl, count as Lambda's), the URL of a Function URL, a CloudFront domain.
     */
    private String getAtt(String resource, String attribute) {
        return switch (attribute) {
            case "Arn" -> "arn:aws:" + service(resource) + ":" + REGION + ":" + ACCOUNT + ":" + physicalId(resource);
            case "FunctionUrl" -> "https://example0id.lambda-url." + REGION + ".on.aws/";
            case "DomainName" -> "d111111abcdef8.cloudfront.net";
            default -> resource + "." + attribute;
        };
    }

    private String service(String resource) {
        Object declared = section("Resources").get(resource);
        String type = declared == null ? "AWS::Lambda::Url" : String.valueOf(TemplateTest.asMap(declared).get("Type"));
        return type.split("::")[1].toLowerCase(java.util.Locale.ROOT);
    }

    private String sub(String text, Map<String, Object> variables) {
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String value;
            if (!m.group(1).isEmpty()) value = "${" + name + "}";
            else if (variables.containsKey(name)) value = String.valueOf(resolve(variables.get(name)));
            else if (name.contains(".") && !name.startsWith("AWS::")) value = String.valueOf(getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1)));
            else value = String.valueOf(ref(name));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
