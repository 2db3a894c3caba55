package dev.llmgateway.bench.jmh;

import dev.llmgateway.bench.Requests;
import dev.llmgateway.core.api.ChatRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing and validating the client body alone: the provider-independent share of {@link ProviderBenchmarks#request()}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RequestParseBenchmark {
    private final byte[] body = Requests.openAi("gpt-4o-mini", false);

    @Benchmark
    public ChatRequest parse() {
        return ChatRequest.parse(body);
    }
}
