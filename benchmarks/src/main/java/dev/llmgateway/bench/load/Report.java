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
        targets(md, run);
        portkey(md, run);
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

    /** The targets against this run (the gateway's core; c=1 for latency, best concurrency for throughput). */
    private static void targets(StringBuilder md, Run run) {
        md.append("### Targets (this run)\n\n| measure | provider | measured | target |\n|---|---|--:|--:|\n");
        for (String provider : run.scenarios().stream().map(ScenarioResult::provider).distinct().toList()) {
            find(run, provider, "plain", 1).ifPresent(s -> md.append(String.format(Locale.ROOT,
                    "| added latency c=1 buffered, p50 / p99 | %s | %s / %s ms | ≤ 0.25 / ≤ 1 ms |%n", provider,
                    ms(s.addedLatency().p50()), ms(s.addedLatency().p99()))));
            find(run, provider, "stream", 1).ifPresent(s -> md.append(String.format(Locale.ROOT,
                    "| added latency c=1 first chunk, p50 / p99 | %s | %s / %s ms | ≤ 0.25 / ≤ 1 ms |%n", provider,
                    ms(s.addedFirstEvent().p50()), ms(s.addedFirstEvent().p99()))));
            best(run, provider, "plain").ifPresent(s -> md.append(String.format(Locale.ROOT,
                    "| buffered req/s on one core (c=%d) | %s | %,.0f (%.2f cores busy) | ≥ 6,000 |%n", s.concurrency(), provider,
                    s.gateway().requestsPerSecond(), s.gateway().gatewayCpuCores())));
            best(run, provider, "stream").ifPresent(s -> md.append(String.format(Locale.ROOT,
                    "| streamed answers/s on one core (c=%d, %.0f events) | %s | %,.0f (%.2f cores busy) | ≥ 3,000 |%n", s.concurrency(),
                    s.gateway().eventsPerResponse(), provider, s.gateway().requestsPerSecond(), s.gateway().gatewayCpuCores())));
            for (String mode : new String[] {"plain", "stream"}) {
                double max = run.scenarios().stream().filter(s -> s.provider().equals(provider) && s.mode().equals(mode))
                        .mapToDouble(s -> s.gateway().gatewayAllocatedKbPerRequest()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
                if (!Double.isNaN(max)) md.append(String.format(Locale.ROOT, "| allocation per %s (highest of the concurrencies) | %s | %.1f KB | %s |%n",
                        mode.equals("plain") ? "request" : "streamed answer", provider, max, mode.equals("plain") ? "≤ 20 KB" : "≤ 40 KB"));
            }
        }
        Object peak = run.settings().get("gateway_rss_peak_kb");
        md.append(String.format(Locale.ROOT, "| RSS, peak over the run | all | %s MB | ≤ 200 MB |%n%n", mb(peak)));
    }

    /** Portkey beside the gateway, on the same fake and driver, with the ratios the issue asks for. */
    private static void portkey(StringBuilder md, Run run) {
        if (run.scenarios().stream().noneMatch(s -> s.portkey() != null || s.portkeyError() != null)) return;
        md.append("### Gateway and Portkey side by side (same fake, same driver, same rounds; added = minus direct)\n\n");
        md.append("| response | conc. | measure | gateway added p50 / p99 | Portkey added p50 / p99 | Portkey ÷ gateway p50 / p99 "
                + "| gateway req/s | Portkey req/s | gateway ÷ Portkey req/s | CPU µs/req gateway / Portkey |\n");
        md.append("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (ScenarioResult s : run.scenarios()) {
            if (s.portkey() == null && s.portkeyError() == null) continue;
            boolean stream = s.mode().equals("stream");
            Added g = stream ? s.addedFirstEvent() : s.addedLatency();
            String measure = stream ? "first chunk" : "response";
            if (s.portkey() == null) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s / %s ms | **fails**: %s | | %,.0f | | | %.0f / |%n", s.mode(),
                        s.concurrency(), measure, ms(g.p50()), ms(g.p99()), s.portkeyError().replace("|", "\\|"),
                        s.gateway().requestsPerSecond(), s.gateway().gatewayCpuMicrosPerRequest()));
                continue;
            }
            Added p = stream ? s.portkeyAddedFirstEvent() : s.portkeyAddedLatency();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s / %s ms | %s / %s ms | %s / %s | %,.0f | %,.0f | %s | %.0f / %.0f |%n",
                    s.mode(), s.concurrency(), measure, ms(g.p50()), ms(g.p99()), ms(p.p50()), ms(p.p99()),
                    ratio(p.p50(), g.p50()), ratio(p.p99(), g.p99()), s.gateway().requestsPerSecond(), s.portkey().requestsPerSecond(),
                    ratio(s.gateway().requestsPerSecond(), s.portkey().requestsPerSecond()),
                    s.gateway().gatewayCpuMicrosPerRequest(), s.portkey().gatewayCpuMicrosPerRequest()));
            if (s.portkey().errors() > 0) md.append("|  |  | (Portkey: ").append(s.portkey().errors()).append(" errors: ")
                    .append(s.portkeyError() == null ? "" : s.portkeyError().replace("|", "\\|")).append(") | | | | | | | |\n");
        }
        md.append("\nTarget: the gateway's added latency at least 5× below Portkey's, its throughput at least 5× above.\n\n");
    }

    private static String ratio(double a, double b) {
        return a <= 0 || b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f×", a / b);
    }

    private static java.util.Optional<ScenarioResult> find(Run run, String provider, String mode, int c) {
        return run.scenarios().stream().filter(s -> s.provider().equals(provider) && s.mode().equals(mode) && s.concurrency() == c).findFirst();
    }

    private static java.util.Optional<ScenarioResult> best(Run run, String provider, String mode) {
        return run.scenarios().stream().filter(s -> s.provider().equals(provider) && s.mode().equals(mode) && s.concurrency() > 1)
                .max(java.util.Comparator.comparingDouble(s -> s.gateway().requestsPerSecond()));
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
