package dev.llmgateway.gateway.metrics.cloudwatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import dev.llmgateway.gateway.metrics.MetricTable;
import dev.llmgateway.gateway.metrics.RequestSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * On Lambda: one CloudWatch Embedded Metric Format record per finished request, written to stdout as a
 * single JSON line, and one more per breaker the request's failures opened (dimension {@code Target}). CloudWatch Logs extracts the metrics from the function's log group, so the request
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
        records(r).forEach(record -> out.accept(Json.string(record)));
    }

    /** The request's record, then one per sample of a {@link MetricTable.EmfScope#TARGET} metric (a breaker opening). */
    List<ObjectNode> records(CompletedRequest r) {
        List<ObjectNode> records = new ArrayList<>();
        records.add(record(r));
        for (MetricTable.Row row : MetricTable.ROWS) {
            for (MetricTable.Emf emf : row.emf()) {
                if (emf.scope() != MetricTable.EmfScope.TARGET) continue;
                for (MetricTable.Sample sample : row.samples().apply(r)) {
                    if (emf.where().test(sample)) records.add(targetRecord(r, emf, sample));
                }
            }
        }
        return records;
    }

    /** {@code Target} is a route's {@code provider/model}: operator-named, so its values are few. */
    private ObjectNode targetRecord(CompletedRequest r, MetricTable.Emf emf, MetricTable.Sample sample) {
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ArrayNode metrics = directive(aws.putArray("CloudWatchMetrics"), List.of(List.of("FunctionName", "Target"), List.of("FunctionName")));
        root.put("FunctionName", functionName);
        root.put("Target", sample.label("provider") + "/" + sample.label("model"));
        metric(root, metrics, emf.name(), emf.unit(), sample.value());
        if (r.requestId() != null) root.put("RequestId", r.requestId());
        return root;
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
        // Per-tenant metrics only when there is a tenant, in their own directive (dimension Tenant).
        ArrayNode tenantMetrics = null;
        if (r.tenant() != null) {
            root.put("Tenant", r.tenant());
            tenantMetrics = directive(directives, List.of(List.of("FunctionName", "Tenant")));
        }
        for (MetricTable.Row row : MetricTable.ROWS) {
            if (row.emf().isEmpty()) continue;
            List<MetricTable.Sample> samples = row.samples().apply(r);
            for (MetricTable.Emf emf : row.emf()) {
                if (emf.scope() == MetricTable.EmfScope.TARGET) continue; // records of their own
                ArrayNode target = emf.scope() == MetricTable.EmfScope.TENANT ? tenantMetrics : metrics;
                if (target == null) continue;
                boolean any = false;
                double sum = 0;
                for (MetricTable.Sample sample : samples) {
                    if (!emf.where().test(sample)) continue;
                    any = true;
                    sum += sample.value();
                }
                if (!any && !emf.whenAbsent()) continue;
                metric(root, target, emf.name(), emf.unit(), row.type() == MetricTable.Type.HISTOGRAM ? sum * 1000 : sum);
            }
        }
        if (tenantMetrics != null && tenantMetrics.isEmpty()) directives.remove(directives.size() - 1);
        // Properties for Logs Insights, not metrics or dimensions.
        if (r.usage() != null && r.usage().estimated()) root.put("UsageEstimated", true);
        if (!r.providerErrors().isEmpty()) {
            ArrayNode codes = root.putArray("ErrorCodes");
            r.providerErrors().forEach(e -> codes.add(e.errorCode()));
        }
        if (r.requestId() != null) root.put("RequestId", r.requestId());
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

}
