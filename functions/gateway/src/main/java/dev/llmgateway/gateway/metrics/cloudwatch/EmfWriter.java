package dev.llmgateway.gateway.metrics.cloudwatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.RequestSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * On Lambda: one CloudWatch Embedded Metric Format record per finished request, written to stdout as a
 * single JSON line. CloudWatch Logs extracts the metrics from the function's log group, so the request
 * path makes no API call and nothing waits in a thread that Lambda may freeze.
 *
 * <p>Every dimension set starts with {@code FunctionName} (a constant per function, so the alarms and
 * the dashboard have an all-requests series); {@code CLOUDWATCH_DIMENSIONS} adds sets over the bounded
 * labels Provider, Model and Status (default {@code Provider;Provider,Model}; {@code none} for only the
 * per-function set). Each set is a separate custom metric per value combination, so keep them few.
 */
public final class EmfWriter implements RequestSink {
    public static final String DEFAULT_NAMESPACE = "LlmGateway";
    static final String DEFAULT_DIMENSIONS = "Provider;Provider,Model";
    private static final Set<String> DIMENSIONS = Set.of("Provider", "Model", "Status");

    private final String namespace;
    private final String functionName;
    private final List<List<String>> dimensionSets;
    private final Clock clock;
    private final Consumer<String> out;

    public EmfWriter(String namespace, String functionName, List<List<String>> dimensionSets, Clock clock,
                     Consumer<String> out) {
        this.namespace = namespace;
        this.functionName = functionName;
        this.dimensionSets = List.copyOf(dimensionSets);
        this.clock = clock;
        this.out = out;
    }

    /** Built from {@code CLOUDWATCH_NAMESPACE}, {@code CLOUDWATCH_DIMENSIONS} and the Lambda function name; writes to stdout. */
    public static EmfWriter fromEnv(Env env) {
        return new EmfWriter(env.get("CLOUDWATCH_NAMESPACE", DEFAULT_NAMESPACE), env.get("AWS_LAMBDA_FUNCTION_NAME"),
                dimensionSets(env.get("CLOUDWATCH_DIMENSIONS", DEFAULT_DIMENSIONS)), Clock.systemUTC(),
                line -> System.out.println(line)); // looked up per line: whatever stdout is now
    }

    /** Parses {@code Provider;Provider,Model}: sets separated by {@code ;}, names by {@code ,}; each gets FunctionName first. */
    static List<List<String>> dimensionSets(String spec) {
        List<List<String>> sets = new ArrayList<>();
        sets.add(List.of("FunctionName"));
        if (spec.trim().equalsIgnoreCase("none")) return sets;
        for (String set : spec.split(";")) {
            if (set.isBlank()) continue;
            Set<String> names = new LinkedHashSet<>();
            names.add("FunctionName");
            for (String name : set.split(",")) {
                String n = name.trim();
                if (!DIMENSIONS.contains(n)) {
                    throw new IllegalArgumentException("CLOUDWATCH_DIMENSIONS: '" + n + "' is not one of " + DIMENSIONS
                            + " (sets separated by ';', names by ',', or 'none')");
                }
                names.add(n);
            }
            if (!sets.contains(List.copyOf(names))) sets.add(List.copyOf(names));
        }
        return sets;
    }

    @Override
    public void completed(CompletedRequest r) {
        out.accept(Json.string(record(r)));
    }

    ObjectNode record(CompletedRequest r) {
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ArrayNode directives = aws.putArray("CloudWatchMetrics");

        root.put("FunctionName", functionName);
        root.put("Provider", r.provider());
        root.put("Model", r.model());
        root.put("Status", Integer.toString(r.status()));
        root.put("Stream", r.stream());

        ArrayNode metrics = directive(directives, dimensionSets);
        metric(root, metrics, "Requests", "Count", 1);
        metric(root, metrics, "ServerErrors", "Count", r.serverError() ? 1 : 0);
        // Only when it happened, like Fallbacks: floods of keyless requests are what the template's alarm watches.
        if (r.status() == 401) metric(root, metrics, "Unauthorized", "Count", 1);
        metric(root, metrics, "ProviderErrors", "Count", r.providerErrors().size());
        if (!r.protocolErrors().isEmpty()) metric(root, metrics, "ProviderProtocolErrors", "Count", r.protocolErrors().size());
        metric(root, metrics, "ColdStarts", "Count", r.coldStart() ? 1 : 0);
        if (r.routed()) metric(root, metrics, "Latency", "Milliseconds", millis(r.latency()));
        if (r.timeToFirstToken() != null) {
            metric(root, metrics, "TimeToFirstToken", "Milliseconds", millis(r.timeToFirstToken()));
        }
        if (r.usage() != null) {
            metric(root, metrics, "InputTokens", "Count", r.usage().promptTokens());
            metric(root, metrics, "OutputTokens", "Count", r.usage().completionTokens());
        }
        if (!r.fallbacks().isEmpty()) metric(root, metrics, "Fallbacks", "Count", r.fallbacks().size());
        if (r.retries() > 0) metric(root, metrics, "Retries", "Count", r.retries());
        if (!r.providerErrors().isEmpty()) {
            ArrayNode codes = root.putArray("ErrorCodes"); // a property for Logs Insights, not a dimension
            r.providerErrors().forEach(e -> codes.add(e.errorCode()));
        }

        if (r.tenant() != null) {
            root.put("Tenant", r.tenant());
            ArrayNode tenantMetrics = directive(directives, List.of(List.of("FunctionName", "Tenant")));
            if (r.costDollars() > 0) metric(root, tenantMetrics, "CostDollars", "None", r.costDollars());
            if (r.budgetBlocked()) metric(root, tenantMetrics, "BudgetBlocked", "Count", 1);
            if (r.downgrade() != null) metric(root, tenantMetrics, "ModelDowngrades", "Count", 1);
            if (tenantMetrics.isEmpty()) directives.remove(directives.size() - 1);
        }
        return root;
    }

    private ArrayNode directive(ArrayNode directives, List<List<String>> sets) {
        ObjectNode directive = directives.addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions");
        for (List<String> set : sets) {
            ArrayNode names = dimensions.addArray();
            set.forEach(names::add);
        }
        return directive.putArray("Metrics");
    }

    private static void metric(ObjectNode root, ArrayNode metrics, String name, String unit, double value) {
        metrics.addObject().put("Name", name).put("Unit", unit);
        root.put(name, value);
    }

    private static double millis(java.time.Duration d) {
        return d.toNanos() / 1_000_000.0;
    }
}
