package dev.llmgateway.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmgateway.bench.Requests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load driver: for each scenario (provider x buffered/streamed x concurrency) it runs the
 * same requests straight to the fake upstream and through the gateway, alternating the two in
 * rounds so that a change in background load hits both, and reports latency percentiles from
 * HdrHistogram, throughput, and the gateway process's CPU and memory.
 *
 * <p>Arguments (key=value): gateway=PORT fake=PORT gatewayPid=PID fakePid=PID out=DIR
 * providers=openai,ollama modes=plain,stream concurrency=1,16,64 seconds=5 rounds=2 warmup=8 warmupRounds=12
 * key=GATEWAY_KEY (sent as the bearer token to the gateway) openaiModel=NAME ollamaModel=NAME (the model
 * names sent to the gateway, e.g. routes), portkey=PORT portkeyPid=PID (Portkey's gateway, measured in
 * the same rounds for the OpenAI scenarios as a reference, calling the same fake), profiler=LIBASYNCPROFILER
 * (after each scenario's measured rounds, one more gateway window per event of profile=cpu,alloc with
 * async-profiler loaded into the gateway; flame graphs and summaries in out/profile/).
 */
public final class LoadDriver {
    enum Target { DIRECT, GATEWAY, PORTKEY }

    record Scenario(String provider, boolean stream, int concurrency) {
        String mode() {
            return stream ? "stream" : "plain";
        }
    }

    /** Latency percentiles in microseconds. */
    record Percentiles(double p50, double p90, double p99, double p999, double max, double mean) {
        static Percentiles of(Histogram h) {
            if (h.getTotalCount() == 0) return null;
            return new Percentiles(us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                    us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()),
                    Math.round(h.getMean() / 10.0) / 100.0);
        }

        private static double us(long nanos) {
            return Math.round(nanos / 10.0) / 100.0;
        }
    }

    /** One target's merged figures for one scenario; the gateway* figures are those of the server measured (gateway or Portkey). */
    record Measured(String target, long requests, long errors, double seconds, double requestsPerSecond,
                    Percentiles latency, Percentiles firstEvent, double eventsPerResponse,
                    double gatewayCpuCores, double gatewayCpuMicrosPerRequest, double gatewayAllocatedKbPerRequest,
                    double clientCpuCores,
                    Map<String, Double> cpuBusy, List<String> loadAverages) {}

    /** What the gateway added: its percentile minus the direct percentile, in microseconds. */
    record Added(double p50, double p99, double p999) {
        static Added of(Percentiles gateway, Percentiles direct) {
            if (gateway == null || direct == null) return null;
            return new Added(r(gateway.p50 - direct.p50), r(gateway.p99 - direct.p99), r(gateway.p999 - direct.p999));
        }

        private static double r(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    record ScenarioResult(String provider, String mode, int concurrency, Measured direct, Measured gateway,
                          Added addedLatency, Added addedFirstEvent, Map<String, Object> gatewayMemory,
                          Measured portkey, Added portkeyAddedLatency, Added portkeyAddedFirstEvent, String portkeyError) {}

    record Run(Map<String, Object> settings, List<ScenarioResult> scenarios) {}

    private final Map<String, String> args;
    private final int gatewayPort;
    private final int fakePort;
    private final long gatewayPid;
    private final long fakePid;
    private final double seconds;
    private final int rounds;
    private final int portkeyPort;
    private final long portkeyPid;
    private final String gatewayKey;
    private Profiler profiler;
    private Allocation allocation; // exact allocated bytes of the gateway, or null (then jstat's estimate)
    private String profileEvent; // set for the one phase being profiled

    private LoadDriver(Map<String, String> args) {
        this.args = args;
        this.gatewayPort = Integer.parseInt(args.getOrDefault("gateway", "18080"));
        this.fakePort = Integer.parseInt(args.getOrDefault("fake", "18090"));
        this.gatewayPid = Long.parseLong(args.getOrDefault("gatewayPid", "0"));
        this.fakePid = Long.parseLong(args.getOrDefault("fakePid", "0"));
        this.seconds = Double.parseDouble(args.getOrDefault("seconds", "5"));
        this.rounds = Integer.parseInt(args.getOrDefault("rounds", "2"));
        this.portkeyPort = Integer.parseInt(args.getOrDefault("portkey", "0"));
        this.portkeyPid = Long.parseLong(args.getOrDefault("portkeyPid", "0"));
        this.gatewayKey = args.getOrDefault("key", "bench");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + a);
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new LoadDriver(args).run();
    }

    private void run() throws Exception {
        List<String> providers = List.of(args.getOrDefault("providers", "openai,ollama").split(","));
        List<String> modes = List.of(args.getOrDefault("modes", "plain,stream").split(","));
        List<Integer> levels = java.util.Arrays.stream(args.getOrDefault("concurrency", "1,16,64").split(","))
                .map(Integer::parseInt).toList();
        double warmup = Double.parseDouble(args.getOrDefault("warmup", "8"));
        Path out = Path.of(args.getOrDefault("out", "benchmarks/results/latest"));
        Files.createDirectories(out);
        allocation = gatewayPid == 0 ? null : Allocation.attach(gatewayPid);
        if (args.containsKey("profiler")) {
            profiler = new Profiler(args.get("profiler"), gatewayPid, out.resolve("profile"), System.getProperty("java.home"));
        }
        List<String> profileEvents = List.of(args.getOrDefault("profile", "cpu,alloc").split(","));
        StringBuilder profiles = new StringBuilder();

        // Warm both JVMs (JIT) on every path before anything is recorded, then keep warming until the
        // gateway's JIT compilers go quiet: on a busy core C2 can take minutes to settle.
        int warmupRounds = Integer.parseInt(args.getOrDefault("warmupRounds", "12"));
        for (int round = 0; round < warmupRounds; round++) {
            long compileBefore = Proc.compilerCpuNanos(gatewayPid);
            long wallBefore = System.nanoTime();
            for (String provider : providers) {
                for (String mode : modes) {
                    Scenario s = new Scenario(provider, mode.equals("stream"), 16);
                    if (round == 0) phase(s, Target.DIRECT, warmup / 4, true);
                    if (round == 0 && withPortkey(s)) portkeyPhase(s, warmup / 2, true);
                    phase(s, Target.GATEWAY, round == 0 ? warmup : 2, true);
                }
            }
            double compiling = (Proc.compilerCpuNanos(gatewayPid) - compileBefore) / (double) (System.nanoTime() - wallBefore);
            log("warm-up round %d: gateway JIT compilers busy %.1f%% of the time", round + 1, compiling * 100);
            if (round > 0 && compiling < 0.02) break;
        }

        List<ScenarioResult> results = new ArrayList<>();
        for (String provider : providers) {
            for (String mode : modes) {
                for (int c : levels) {
                    Scenario s = new Scenario(provider, mode.equals("stream"), c);
                    List<Sample> direct = new ArrayList<>();
                    List<Sample> gateway = new ArrayList<>();
                    List<Sample> portkey = new ArrayList<>();
                    String portkeyError = null;
                    for (int r = 0; r < rounds; r++) {
                        direct.add(phase(s, Target.DIRECT, seconds, false));
                        gateway.add(phase(s, Target.GATEWAY, seconds, false));
                        if (withPortkey(s)) {
                            PortkeySample p = portkeyPhase(s, seconds, false);
                            if (p.sample() != null) portkey.add(p.sample());
                            if (p.error() != null && portkeyError == null) portkeyError = p.error();
                        }
                    }
                    Measured d = merge(Target.DIRECT, direct);
                    Measured g = merge(Target.GATEWAY, gateway);
                    Measured pk = portkey.isEmpty() ? null : merge(Target.PORTKEY, portkey);
                    Map<String, Object> memory = memory();
                    ScenarioResult result = new ScenarioResult(provider, s.mode(), c, d, g, Added.of(g.latency(), d.latency()),
                            Added.of(g.firstEvent(), d.firstEvent()), memory, pk,
                            pk == null ? null : Added.of(pk.latency(), d.latency()),
                            pk == null ? null : Added.of(pk.firstEvent(), d.firstEvent()), portkeyError);
                    results.add(result);
                    log("%-6s %-6s c=%-3d direct p50 %8.1f us p99 %8.1f us %7.0f rps | gateway p50 %8.1f us p99 %8.1f us %7.0f rps"
                                    + " | added p50 %7.1f p99 %7.1f us | gw cpu %.2f cores %.0f us/req %.1f KB/req | load %s",
                            provider, s.mode(), c, d.latency().p50(), d.latency().p99(), d.requestsPerSecond(),
                            g.latency().p50(), g.latency().p99(), g.requestsPerSecond(),
                            result.addedLatency().p50(), result.addedLatency().p99(),
                            g.gatewayCpuCores(), g.gatewayCpuMicrosPerRequest(), g.gatewayAllocatedKbPerRequest(),
                            g.loadAverages());
                    if (pk != null) {
                        log("%-6s %-6s c=%-3d portkey p50 %8.1f us p99 %8.1f us %7.0f rps | added p50 %7.1f p99 %7.1f us | cpu %.2f cores %.0f us/req%s",
                                provider, s.mode(), c, pk.latency().p50(), pk.latency().p99(), pk.requestsPerSecond(),
                                result.portkeyAddedLatency().p50(), result.portkeyAddedLatency().p99(),
                                pk.gatewayCpuCores(), pk.gatewayCpuMicrosPerRequest(), pk.errors() > 0 ? " | " + pk.errors() + " errors" : "");
                    } else if (portkeyError != null) {
                        log("%-6s %-6s c=%-3d portkey FAILED: %s", provider, s.mode(), c, portkeyError);
                    }
                    if (profiler != null) {
                        for (String event : profileEvents) {
                            profileEvent = event;
                            Sample profiled = phase(s, Target.GATEWAY, seconds, false);
                            profileEvent = null;
                            String name = provider + "-" + s.mode() + "-c" + c + "-" + event;
                            String summary = profiler.stop(name, event.equals("alloc"));
                            profiles.append(summary).append(String.format(Locale.ROOT,
                                    "(window of %.0f s with the profiler on: %,.0f req/s, %.0f µs of gateway CPU per request)%n%n",
                                    profiled.seconds(), profiled.requests() / profiled.seconds(),
                                    profiled.gatewayCpuNanos() / 1e3 / Math.max(1, profiled.requests())));
                            log("  profiled %s: %s", name, out.resolve("profile").resolve(name + ".html"));
                        }
                    }
                }
            }
        }

        Map<String, Object> settings = new LinkedHashMap<>(args);
        settings.put("gateway_rss_peak_kb", Proc.statusKb(gatewayPid, "VmHWM"));
        Run run = new Run(settings, results);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("load.json").toFile(), run);
        Files.writeString(out.resolve("load.md"), Report.loadTables(run));
        if (!profiles.isEmpty()) Files.writeString(out.resolve("profile.md"), profiles.toString());
        log("wrote %s", out.resolve("load.json"));
        if (allocation != null) allocation.close();
    }

    /** Portkey is measured on the OpenAI scenarios: the same fake, called as an OpenAI-compatible host. */
    private boolean withPortkey(Scenario s) {
        return portkeyPort > 0 && s.provider().equals("openai");
    }

    private record PortkeySample(Sample sample, String error) {}

    /** A phase against Portkey; a Portkey that answers nothing but errors is reported, not fatal. */
    private PortkeySample portkeyPhase(Scenario s, double secs, boolean warm) throws Exception {
        try {
            return new PortkeySample(phase(s, Target.PORTKEY, secs, warm), null);
        } catch (IllegalStateException e) {
            return new PortkeySample(null, e.getMessage());
        }
    }

    private Map<String, Object> memory() {
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("rss_kb", Proc.statusKb(gatewayPid, "VmRSS"));
        memory.put("rss_peak_kb", Proc.statusKb(gatewayPid, "VmHWM"));
        memory.putAll(Proc.jstat(gatewayPid, System.getProperty("java.home")));
        return memory;
    }

    /** One timed run of one target; its histograms and counters. */
    private record Sample(Histogram latency, Histogram firstEvent, long requests, long errors, long events, double seconds,
                          long gatewayCpuNanos, double gatewayAllocatedKb, long allocRequests, long clientCpuNanos, Map<String, Double> cpuBusy, String loadBefore,
                          String loadAfter) {}

    private Sample phase(Scenario s, Target target, double secs, boolean warm) throws Exception {
        boolean viaGateway = target == Target.GATEWAY;
        int port = switch (target) {
            case GATEWAY -> gatewayPort;
            case PORTKEY -> portkeyPort;
            case DIRECT -> fakePort;
        };
        long serverPid = switch (target) {
            case GATEWAY -> gatewayPid;
            case PORTKEY -> portkeyPid;
            case DIRECT -> 0;
        };
        String path;
        byte[] body;
        boolean sse;
        String authorization = "Bearer bench";
        Map<String, String> headers = Map.of();
        if (viaGateway) {
            path = "/v1/chat/completions";
            body = Requests.openAi(s.provider().equals("ollama") ? args.getOrDefault("ollamaModel", "ollama/llama3.2")
                    : args.getOrDefault("openaiModel", "gpt-4o-mini"), s.stream());
            sse = true;
            authorization = "Bearer " + gatewayKey;
        } else if (target == Target.PORTKEY) {
            // Portkey's documented headers for an OpenAI-compatible host; the bearer token is passed on upstream
            path = "/v1/chat/completions";
            body = Requests.openAi("gpt-4o-mini", s.stream());
            sse = true;
            headers = new java.util.TreeMap<>(Map.of("x-portkey-provider", "openai",
                    "x-portkey-custom-host", "http://127.0.0.1:" + fakePort + "/v1"));
        } else if (s.provider().equals("ollama")) {
            path = "/api/chat";
            body = Requests.ollama("llama3.2", s.stream());
            sse = false;
        } else {
            path = "/v1/chat/completions";
            body = Requests.openAi("gpt-4o-mini", s.stream());
            sse = true;
        }
        byte[] request = Connection.post("127.0.0.1", port, path, body, authorization, headers);
        int c = s.concurrency();
        Histogram[] latency = new Histogram[c];
        Histogram[] first = new Histogram[c];
        long[] requests = new long[c];
        long[] errors = new long[c];
        long[] events = new long[c];
        AtomicReference<String> firstError = new AtomicReference<>();
        LongAdder completed = new LongAdder(); // every answered request, in the window or not
        CountDownLatch ready = new CountDownLatch(c);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            int id = i;
            latency[i] = new Histogram(60_000_000_000L, 3);
            first[i] = new Histogram(60_000_000_000L, 3);
            threads.add(Thread.ofPlatform().name("driver-" + i).start(() -> {
                try (Connection conn = new Connection("127.0.0.1", port)) {
                    // one untimed exchange opens the connection
                    conn.exchange(request, sse);
                    ready.countDown();
                    go.await();
                    long start = window[0];
                    long end = window[1];
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) break;
                        Connection.Result r;
                        try {
                            r = conn.exchange(request, sse);
                        } catch (IOException e) {
                            conn.close(); // reconnects on the next exchange
                            errors[id]++;
                            firstError.compareAndSet(null, e.toString());
                            continue;
                        }
                        if (r.status() == 200) completed.increment();
                        if (t0 < start || r.endNanos() > end) continue;
                        if (r.status() != 200) {
                            errors[id]++;
                            firstError.compareAndSet(null, "HTTP " + r.status() + " " + conn.errorBody().replaceAll("\\s+", " ").trim());
                            continue;
                        }
                        requests[id]++;
                        events[id] += r.events();
                        latency[id].recordValue(r.endNanos() - t0);
                        first[id].recordValue(r.firstEventNanos() - t0);
                    }
                } catch (Exception e) {
                    firstError.compareAndSet(null, e.toString());
                    ready.countDown();
                }
            }));
        }
        ready.await();
        // The gateway's allocation over the whole phase, read from its perf counters (no attach, no load on its core).
        Map<String, Double> heapBefore = viaGateway && !warm ? Proc.jstat(gatewayPid, System.getProperty("java.home")) : Map.of();
        long allocatedBefore = viaGateway && !warm && allocation != null ? allocation.bytes() : -1;
        long completedBefore = completed.sum();
        // the first 10% of the window (at least 200 ms) is a ramp: connections settle, nothing is recorded
        long ramp = (long) Math.max(200e6, secs * 1e8);
        long now = System.nanoTime();
        window[0] = now + ramp;
        window[1] = now + ramp + (long) (secs * 1e9);
        go.countDown();
        Thread.sleep(ramp / 1_000_000);
        if (profileEvent != null) profiler.start(profileEvent);
        String loadBefore = Proc.loadAverage();
        Map<String, long[]> cpuBefore = Proc.cpuTimes();
        long gwBefore = serverPid == 0 ? 0 : Proc.cpuNanos(serverPid);
        long clientBefore = Proc.cpuNanos(ProcessHandle.current().pid()) + Proc.cpuNanos(fakePid);
        for (Thread t : threads) t.join();
        long allocatedAfter = allocatedBefore < 0 ? -1 : allocation.bytes();
        Map<String, Double> heapAfter = heapBefore.isEmpty() ? Map.of() : Proc.jstat(gatewayPid, System.getProperty("java.home"));
        long allocRequests = completed.sum() - completedBefore;
        long gwAfter = serverPid == 0 ? 0 : Proc.cpuNanos(serverPid);
        long clientAfter = Proc.cpuNanos(ProcessHandle.current().pid()) + Proc.cpuNanos(fakePid);
        Map<String, Double> busy = Proc.busy(cpuBefore, Proc.cpuTimes());
        String loadAfter = Proc.loadAverage();

        Histogram lat = new Histogram(60_000_000_000L, 3);
        Histogram fst = new Histogram(60_000_000_000L, 3);
        long n = 0;
        long err = 0;
        long ev = 0;
        for (int i = 0; i < c; i++) {
            lat.add(latency[i]);
            fst.add(first[i]);
            n += requests[i];
            err += errors[i];
            ev += events[i];
        }
        if (firstError.get() != null && !warm) log("  %s %s: %d errors, first: %s", s, target, err, firstError.get());
        if (n == 0 && firstError.get() != null) throw new IllegalStateException(s + " " + target + ": " + firstError.get());
        return new Sample(lat, fst, n, err, ev, secs, gwAfter - gwBefore,
                allocatedBefore >= 0 && allocatedAfter >= 0 ? (allocatedAfter - allocatedBefore) / 1024.0 : Proc.allocatedKb(heapBefore, heapAfter),
                allocRequests, clientAfter - clientBefore,
                busy, loadBefore, loadAfter);
    }

    private static Measured merge(Target target, List<Sample> samples) {
        Histogram lat = new Histogram(60_000_000_000L, 3);
        Histogram fst = new Histogram(60_000_000_000L, 3);
        long n = 0;
        long err = 0;
        long ev = 0;
        double secs = 0;
        long gwCpu = 0;
        long clientCpu = 0;
        double allocKb = 0;
        long allocRequests = 0;
        Map<String, Double> busy = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        for (Sample s : samples) {
            lat.add(s.latency());
            fst.add(s.firstEvent());
            n += s.requests();
            err += s.errors();
            ev += s.events();
            secs += s.seconds();
            gwCpu += s.gatewayCpuNanos();
            clientCpu += s.clientCpuNanos();
            if (!Double.isNaN(s.gatewayAllocatedKb())) {
                allocKb += s.gatewayAllocatedKb();
                allocRequests += s.allocRequests();
            }
            s.cpuBusy().forEach((cpu, v) -> busy.merge(cpu, v / samples.size(), Double::sum));
            loads.add(s.loadBefore());
        }
        busy.replaceAll((cpu, v) -> Math.round(v * 1000) / 1000.0);
        double rps = n / secs;
        return new Measured(target.name().toLowerCase(), n, err, secs, Math.round(rps),
                Percentiles.of(lat), Percentiles.of(fst), n == 0 ? 0 : Math.round(10.0 * ev / n) / 10.0,
                Math.round(100.0 * gwCpu / 1e9 / secs) / 100.0,
                n == 0 ? 0 : Math.round(10.0 * gwCpu / 1e3 / n) / 10.0,
                allocRequests == 0 ? Double.NaN : Math.round(10.0 * allocKb / allocRequests) / 10.0,
                Math.round(100.0 * clientCpu / 1e9 / secs) / 100.0,
                busy, loads);
    }

    static void log(String format, Object... args) {
        System.out.printf(format + "%n", args);
        System.out.flush();
    }
}
