package dev.llmgateway.gateway.metrics.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.gateway.metrics.CompletedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** infra/cloudwatch refers only to metrics, units and dimensions the EMF writer actually emits. */
class CloudWatchInfraTest {
    private static final Path DASHBOARD = Path.of("../../infra/cloudwatch/dashboard.json");
    private static final Path ALARMS = Path.of("../../infra/cloudwatch/alarms.yaml");
    private static final Pattern SEARCH_METRIC = Pattern.compile("MetricName=\"([A-Za-z]+)\"");
    private static final Pattern SEARCH_SCHEMA = Pattern.compile("SEARCH\\('\\{(.*?)} MetricName=");

    /** Metric name -> unit, and the dimension names, of a record that carries every metric. */
    private static final Map<String, String> UNITS = new HashMap<>();
    private static final Set<String> DIMENSIONS = new TreeSet<>();

    static {
        List<String> lines = new ArrayList<>();
        new EmfWriter("N", "fn", EmfWriter.dimensionSets("Provider;Provider,Model;Status"), Clock.systemUTC(), lines::add)
                .completed(CompletedRequest.builder().model("gpt-4o").provider("openai").status(502).stream(true)
                        .latency(Duration.ofSeconds(2)).timeToFirstToken(Duration.ofMillis(300)).usage(Usage.of(1, 2))
                        .providerError(new CompletedRequest.ProviderError("openai", "x")).fallback(new CompletedRequest.Fallback("a", "b"))
                        .retries(1).coldStart(true).tenant("acme").costMicros(100_000).budgetBlocked(true)
                        .downgrade(new CompletedRequest.Downgrade("gpt-4o", "gpt-4o-mini"), null)
                        .cache(new CompletedRequest.Cache("hit", 10, 1000, true)).build());
        for (JsonNode directive : Json.tree(lines.getFirst()).at("/_aws/CloudWatchMetrics")) {
            directive.get("Metrics").forEach(m -> UNITS.put(m.get("Name").asText(), m.get("Unit").asText()));
            directive.get("Dimensions").forEach(set -> set.forEach(d -> DIMENSIONS.add(d.asText())));
        }
    }

    @Test
    void dashboardMetricsAndDimensionsAreThoseTheGatewayEmits() throws Exception {
        JsonNode body = Json.tree(Files.readString(DASHBOARD));
        Set<String> metrics = new TreeSet<>();
        Set<String> dimensions = new TreeSet<>();
        for (JsonNode widget : body.get("widgets")) {
            if (!widget.get("type").asText().equals("metric")) continue;
            JsonNode properties = widget.get("properties");
            assertThat(properties.get("region").asText()).isEqualTo("${AWS::Region}");
            String previous = null;
            for (JsonNode line : properties.get("metrics")) {
                JsonNode first = line.get(0);
                if (first.isObject()) { // an expression
                    String expression = first.get("expression").asText();
                    Matcher m = SEARCH_METRIC.matcher(expression);
                    while (m.find()) metrics.add(m.group(1));
                    Matcher schema = SEARCH_SCHEMA.matcher(expression);
                    while (schema.find()) {
                        String[] parts = schema.group(1).split(",");
                        assertThat(parts[0]).isEqualTo("${Namespace}");
                        for (int i = 1; i < parts.length; i++) dimensions.add(parts[i]);
                    }
                    continue;
                }
                if (first.asText().equals("...")) continue; // repeats the previous line
                assertThat(first.asText()).isIn("${Namespace}", ".");
                String metric = line.get(1).asText().equals(".") ? previous : line.get(1).asText();
                metrics.add(metric);
                previous = metric;
                for (int i = 2; i + 1 < line.size() && line.get(i).isTextual(); i += 2) {
                    if (!line.get(i).asText().equals(".")) dimensions.add(line.get(i).asText());
                }
            }
        }
        assertThat(UNITS.keySet()).containsAll(metrics);
        assertThat(metrics).contains("Requests", "ServerErrors", "Latency", "TimeToFirstToken", "InputTokens", "OutputTokens",
                "CostDollars", "ModelDowngrades");
        assertThat(DIMENSIONS).containsAll(dimensions);
    }

    @Test
    void alarmsWatchTheErrorRateAndTheP99LatencyOfEmittedMetrics() throws Exception {
        Map<String, Object> template = new Yaml(new CfnConstructor()).load(Files.readString(ALARMS));
        Map<String, Object> resources = map(template.get("Resources"));
        assertThat(resources).containsOnlyKeys("GatewayErrorRateAlarm", "GatewayLatencyP99Alarm");

        Map<String, Object> errorRate = map(map(resources.get("GatewayErrorRateAlarm")).get("Properties"));
        assertThat(map(resources.get("GatewayErrorRateAlarm")).get("Type")).isEqualTo("AWS::CloudWatch::Alarm");
        List<Map<String, Object>> queries = list(errorRate.get("Metrics"));
        Map<String, String> statNames = new HashMap<>();
        for (Map<String, Object> query : queries) {
            if (query.containsKey("MetricStat")) {
                Map<String, Object> stat = map(query.get("MetricStat"));
                Map<String, Object> metric = map(stat.get("Metric"));
                assertThat(metric.get("Namespace")).isEqualTo("!Ref MetricsNamespace");
                assertThat(list(metric.get("Dimensions"))).extracting(d -> d.get("Name")).containsExactly("FunctionName");
                assertThat(stat.get("Stat")).isEqualTo("Sum");
                statNames.put((String) query.get("Id"), (String) metric.get("MetricName"));
            }
        }
        assertThat(statNames).containsEntry("requests", "Requests").containsEntry("errors", "ServerErrors");
        assertThat(UNITS).containsKeys("Requests", "ServerErrors");
        assertThat(queries).filteredOn(q -> Boolean.TRUE.equals(q.get("ReturnData"))).singleElement()
                .satisfies(q -> assertThat((String) q.get("Expression")).contains("100 * errors / requests"));

        Map<String, Object> latency = map(map(resources.get("GatewayLatencyP99Alarm")).get("Properties"));
        assertThat(latency.get("MetricName")).isEqualTo("Latency");
        assertThat(latency.get("ExtendedStatistic")).isEqualTo("p99");
        assertThat(latency.get("Unit")).isEqualTo(UNITS.get("Latency"));
        assertThat(latency.get("Namespace")).isEqualTo("!Ref MetricsNamespace");
        assertThat(map(template.get("Parameters")).get("MetricsNamespace")).satisfies(p ->
                assertThat(map(p).get("Default")).isEqualTo(EmfWriter.DEFAULT_NAMESPACE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    /** CloudFormation's short tags as plain values ("!Ref X", or the tag's sequence/mapping), never dropped. */
    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue();
                    return switch (node) {
                        case ScalarNode scalar -> tag + " " + scalar.getValue();
                        case SequenceNode sequence -> Map.of(tag, constructSequence(sequence));
                        case MappingNode mapping -> Map.of(tag, constructMapping(mapping));
                        default -> throw new IllegalStateException(tag);
                    };
                }
            });
        }
    }
}
