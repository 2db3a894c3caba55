package dev.llmgateway.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * async-profiler driven from outside the gateway: its agent is loaded into the running JVM with
 * {@code jcmd <pid> JVMTI.agent_load} (each load runs one command), so the gateway starts as it
 * always does and only a measured window is profiled. Each window leaves a flame graph (HTML) and the
 * collapsed stacks, and a short markdown summary of the heaviest frames.
 */
final class Profiler {
    private final String library;
    private final long pid;
    private final Path dir;
    private final String javaHome;

    Profiler(String library, long pid, Path dir, String javaHome) throws IOException {
        this.library = library;
        this.pid = pid;
        this.dir = Files.createDirectories(dir);
        this.javaHome = javaHome;
    }

    /** {@code event}: cpu (perf events, kernel frames included) or alloc (TLAB-driven allocation sampling). */
    void start(String event) {
        command(event.equals("alloc") ? "start,alloc=32k" : "start,event=" + event + (event.equals("cpu") ? ",interval=200us" : ""));
    }

    /** Stops and writes {@code name}.html, {@code name}.collapsed and {@code name}.md; returns the summary. */
    String stop(String name, boolean allocation) throws IOException {
        Path collapsed = dir.resolve(name + ".collapsed");
        command("dump,collapsed,total,file=" + collapsed);
        command("stop,file=" + dir.resolve(name + ".html"));
        String summary = summary(name, Files.exists(collapsed) ? Files.readAllLines(collapsed) : List.of(), allocation);
        Files.writeString(dir.resolve(name + ".md"), summary);
        return summary;
    }

    private void command(String options) {
        try {
            // the quotes keep jcmd from reading "event=cpu" as one of its own key=value arguments
            Process p = new ProcessBuilder(javaHome + "/bin/jcmd", Long.toString(pid), "JVMTI.agent_load", library,
                    "\"" + options + "\"").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !out.contains("return code: 0")) LoadDriver.log("  profiler %s: %s", options, out.trim());
        } catch (IOException e) {
            LoadDriver.log("  profiler %s: %s", options, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * CPU: self time by leaf frame, and time inclusive of each gateway (dev.llmgateway) method and of each
     * layer. Allocation: bytes by allocated class and by allocating frame (the frame under the class).
     */
    static String summary(String name, List<String> lines, boolean allocation) {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> layers = new HashMap<>();
        long total = 0;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            total += n;
            String leaf = frames[frames.length - 1];
            if (allocation) {
                self.merge(leaf.replaceAll("_\\[[ik]]$", ""), n, Long::sum);
                if (frames.length > 1) inclusive.merge(frames[frames.length - 2], n, Long::sum);
                layers.merge(layer(frames, frames.length - 2), n, Long::sum);
            } else {
                self.merge(leaf, n, Long::sum);
                layers.merge(layer(frames, frames.length - 1), n, Long::sum);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (String f : frames) if (f.startsWith("dev/llmgateway/") && seen.add(f)) inclusive.merge(f, n, Long::sum);
            }
        }
        StringBuilder md = new StringBuilder("#### " + name + (allocation ? " (allocation, bytes sampled)" : " (CPU)") + "\n\n");
        if (total == 0) return md.append("no samples\n").toString();
        table(md, allocation ? "allocated class" : "self (leaf frame)", self, total, 15);
        table(md, allocation ? "allocating frame" : "inclusive, gateway methods", inclusive, total, 15);
        table(md, allocation ? "layer of the allocating frame" : "layer of the leaf frame (or its nearest Java caller for native code)", layers, total, 12);
        return md.toString();
    }

    /** Kernel, JVM/native, or the Java package family of the nearest Java frame at or above {@code from}. */
    private static String layer(String[] frames, int from) {
        if (from < 0) return "(none)";
        if (frames[from].endsWith("_[k]")) return "kernel";
        for (int i = from; i >= 0; i--) {
            String f = frames[i];
            if (!f.contains("/") || f.endsWith("_[k]")) continue;
            String[] parts = f.split("/");
            String family = parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] : parts[0] + "." + parts[1];
            return (i == from ? "" : "native under ") + family;
        }
        return "JVM (no Java frame: GC, JIT, VM threads)";
    }

    private static void table(StringBuilder md, String title, Map<String, Long> values, long total, int limit) {
        md.append("| ").append(title).append(" | share |\n|---|--:|\n");
        values.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> md.append("| `").append(e.getKey().replace("|", "\\|")).append("` | ")
                        .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / total)).append(" |\n"));
        md.append('\n');
    }

}
