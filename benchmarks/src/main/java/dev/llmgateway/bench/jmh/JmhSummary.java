package dev.llmgateway.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Turns JMH's JSON result (run with {@code -prof gc}) into a markdown table: time and bytes allocated per operation. */
public final class JmhSummary {
    private JmhSummary() {}

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        StringBuilder md = new StringBuilder("### Hot paths (JMH, one thread; time and bytes allocated per operation)\n\n");
        md.append("| benchmark | provider | ns/op (± 99.9% CI) | bytes allocated/op |\n|---|---|--:|--:|\n");
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            JsonNode primary = r.path("primaryMetric");
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f ± %,.0f | %s |%n", name,
                    r.path("params").path("provider").asText("-"), primary.path("score").asDouble(),
                    primary.path("scoreError").asDouble(), alloc(r.path("secondaryMetrics"))));
        }
        System.out.print(md);
        if (args.length > 1) Files.writeString(Path.of(args[1]), md);
    }

    private static String alloc(JsonNode secondary) {
        for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return String.format(Locale.ROOT, "%,.0f", e.getValue().path("score").asDouble());
            }
        }
        return "n/a (run with -prof gc)";
    }
}
