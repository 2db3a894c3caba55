package dev.llmgateway.bench.load;

import dev.llmgateway.bench.load.LoadDriver.Added;
import dev.llmgateway.bench.load.LoadDriver.Measured;
import dev.llmgateway.bench.load.LoadDriver.Percentiles;
import dev.llmgateway.bench.load.LoadDriver.Run;
import dev.llmgateway.bench.load.LoadDriver.ScenarioResult;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of a load run, as printed by run.sh and quoted in docs/performance.md. */
final class Report {
    private Report() {}

    static String loadTables(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("### Added latency (ms; gateway percentile minus direct percentile)\n\n");
        md.append("| provider | response | conc. | measure | direct p50 / p99 / p99.9 | via gateway p50 / p99 / p99.9 "
                + "| **added p50 / p99 / p99.9** | load avg (1 min) |\n");
        md.append("|---|---|--:|---|--:|--:|--:|--:|\n");
        for (ScenarioResult s : run.scenarios()) {
            String load = s.gateway().loadAverages().stream().map(l -> l.split(" ")[0]).reduce((a, b) -> a + ", " + b).orElse("");
            if (s.mode().equals("stream")) {
                row(md, s, "first chunk", s.direct().firstEvent(), s.gateway().firstEvent(), s.addedFirstEvent(), load);
                row(md, s, "last chunk", s.direct().latency(), s.gateway().latency(), s.addedLatency(), load);
            } else {
                row(md, s, "response", s.direct().latency(), s.gateway().latency(), s.addedLatency(), load);
            }
        }
        md.append("\n### Throughput and gateway resources (closed loop; CPU in cores busy over the window)\n\n");
        md.append("| provider | response | conc. | direct req/s | gateway req/s | gateway CPU (cores) | gateway CPU µs/req "
                + "| gateway alloc KB/req | driver+fake CPU (cores) | busy per core (all processes) | gateway RSS MB | heap used / committed MB "
                + "| GCs (total) | errors |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|\n");
        for (ScenarioResult s : run.scenarios()) {
            Measured g = s.gateway();
            Map<String, Object> mem = s.gatewayMemory();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f | %.2f | %.1f | %.1f | %.2f | %s | %s | %s / %s | %s | %d |%n",
                    s.provider(), s.mode(), s.concurrency(), s.direct().requestsPerSecond(), g.requestsPerSecond(),
                    g.gatewayCpuCores(), g.gatewayCpuMicrosPerRequest(), g.gatewayAllocatedKbPerRequest(), g.clientCpuCores(), busy(g.cpuBusy()),
                    mb(mem.get("rss_kb")), mb(mem.get("heap_used_kb")), mb(mem.get("heap_committed_kb")),
                    number(mem.get("young_gcs"), mem.get("full_gcs")), s.direct().errors() + g.errors()));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, ScenarioResult s, String measure, Percentiles direct, Percentiles gateway,
                            Added added, String load) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | **%s** | %s |%n", s.provider(), s.mode(),
                s.concurrency(), measure, triple(direct), triple(gateway),
                added == null ? "" : ms(added.p50()) + " / " + ms(added.p99()) + " / " + ms(added.p999()), load));
    }

    private static String triple(Percentiles p) {
        return p == null ? "" : ms(p.p50()) + " / " + ms(p.p99()) + " / " + ms(p.p999());
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000);
    }

    private static String busy(Map<String, Double> busy) {
        StringBuilder sb = new StringBuilder();
        busy.forEach((cpu, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(cpu).append(' ')
                .append(String.format(Locale.ROOT, "%.0f%%", v * 100)));
        return sb.toString();
    }

    private static String mb(Object kb) {
        return kb instanceof Number n && n.doubleValue() >= 0 ? String.format(Locale.ROOT, "%.0f", n.doubleValue() / 1024) : "n/a";
    }

    private static String number(Object young, Object full) {
        if (!(young instanceof Number y)) return "n/a";
        return String.format(Locale.ROOT, "%.0f", y.doubleValue() + (full instanceof Number f ? f.doubleValue() : 0));
    }
}
