package dev.llmgateway.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads process and machine counters from /proc (Linux), and the JVM heap with jstat. */
final class Proc {
    /** USER_HZ: the unit of /proc CPU times; 100 on every mainstream Linux build. */
    private static final double TICK_NANOS = 1e9 / 100;

    private Proc() {}

    /** CPU time (user + system, all threads) of a process, in nanoseconds; 0 if it is gone. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime field 14, stime field 15
            return (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time of a process's JIT compiler threads, in nanoseconds: flat once the hot paths are compiled. */
    static long compilerCpuNanos(long pid) {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("Compiler")) continue;
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total += (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** Busy and total jiffies per CPU ("cpu0", "cpu1", ...), for how busy each core was, whoever used it. */
    static Map<String, long[]> cpuTimes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
                String[] f = line.trim().split("\\s+");
                long[] v = Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray();
                long idle = v[3] + (v.length > 4 ? v[4] : 0); // idle + iowait
                long total = 0;
                for (int i = 0; i < Math.min(v.length, 8); i++) total += v[i]; // guest time is already in user
                out.put(f[0], new long[] {total - idle, total});
            }
        } catch (IOException e) {
            // not Linux: no per-core figures
        }
        return out;
    }

    /** Fraction of each CPU that was busy between two {@link #cpuTimes()} readings. */
    static Map<String, Double> busy(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((cpu, a) -> {
            long[] b = before.get(cpu);
            if (b == null || a[1] == b[1]) return;
            out.put(cpu, Math.round(1000.0 * (a[0] - b[0]) / (a[1] - b[1])) / 1000.0);
        });
        return out;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** A /proc/PID/status field in KiB (VmRSS, VmHWM), or -1. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /**
     * Bytes a JVM allocated between two {@link #jstat} readings, in KiB, from eden turnover: young
     * collections start when eden is full, so each one stands for a full eden. An estimate, close
     * when eden's size stays put (it does under a steady load).
     */
    static double allocatedKb(Map<String, Double> before, Map<String, Double> after) {
        if (before.isEmpty() || after.isEmpty()) return Double.NaN;
        double gcs = after.get("young_gcs") - before.get("young_gcs");
        return after.get("eden_used_kb") - before.get("eden_used_kb") + gcs * after.get("eden_capacity_kb");
    }

    /** Heap used and committed (KiB) and GC counts/seconds from {@code jstat -gc}; empty if jstat fails. */
    static Map<String, Double> jstat(long pid, String javaHome) {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            Process p = new ProcessBuilder(javaHome + "/bin/jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>(p.inputReader().lines().toList());
            p.waitFor();
            if (lines.size() < 2) return out;
            String[] names = lines.get(0).trim().split("\\s+");
            String[] values = lines.get(1).trim().split("\\s+");
            Map<String, Double> raw = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(names.length, values.length); i++) {
                try {
                    raw.put(names[i], Double.parseDouble(values[i]));
                } catch (NumberFormatException ignored) {
                    // "-" for a column the collector does not have
                }
            }
            out.put("heap_used_kb", raw.getOrDefault("S0U", 0.0) + raw.getOrDefault("S1U", 0.0)
                    + raw.getOrDefault("EU", 0.0) + raw.getOrDefault("OU", 0.0));
            out.put("heap_committed_kb", raw.getOrDefault("S0C", 0.0) + raw.getOrDefault("S1C", 0.0)
                    + raw.getOrDefault("EC", 0.0) + raw.getOrDefault("OC", 0.0));
            out.put("young_gcs", raw.getOrDefault("YGC", 0.0));
            out.put("full_gcs", raw.getOrDefault("FGC", 0.0));
            out.put("gc_seconds", raw.getOrDefault("GCT", 0.0));
            out.put("eden_used_kb", raw.getOrDefault("EU", 0.0));
            out.put("eden_capacity_kb", raw.getOrDefault("EC", 0.0));
        } catch (IOException e) {
            // no jstat: leave the heap columns empty
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
