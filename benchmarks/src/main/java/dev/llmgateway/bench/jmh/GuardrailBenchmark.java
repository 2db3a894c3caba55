package dev.llmgateway.bench.jmh;

import dev.llmgateway.core.guardrail.BuiltIn;
import dev.llmgateway.core.guardrail.Finding;
import dev.llmgateway.core.guardrail.Scanner;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scanning text with every built-in detector at once (docs/guardrails.md): realistic prose with a
 * few values in it, and adversarial inputs that keep detectors busy (100 KB of digits, of
 * {@code a@a.a}, of near-miss card numbers, of near-miss keys). Divide the time by the size (the
 * {@code kb} parameter in the report) for µs per KB; a linear scan gives the same figure at every size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class GuardrailBenchmark {
    private static final String PROSE = "Hello team, the customer Ann Lee (ann.lee@example.com, +44 20 7946 0958) paid with card "
            + "4111 1111 1111 1111 on order 2024-11-05-1187; her IBAN GB82 WEST 1234 5698 7654 32 is on file. Release v3.14.159 "
            + "fixed the timeout at 10.0.0.12:8080, see ticket 550e8400-e29b-41d4-a716-446655440000. The build key was rotated. ";

    @Param({"prose", "digits", "emails", "cards", "keys"})
    public String input;

    /** Size of the text in KB (1 KB = 1024 characters). */
    @Param({"1", "100"})
    public int kb;

    private Scanner scanner;
    private String text;

    @Setup
    public void setup() {
        scanner = new Scanner(BuiltIn.all());
        String unit = switch (input) {
            case "prose" -> PROSE;
            case "digits" -> "0123456789";
            case "emails" -> "a@a.a";
            case "cards" -> "4111 1111 1111 1112 "; // Luhn fails: every one is read and rejected
            case "keys" -> "sk-ab AKIA ghp_x ";
            default -> throw new IllegalArgumentException(input);
        };
        StringBuilder s = new StringBuilder(kb * 1024 + unit.length());
        while (s.length() < kb * 1024) s.append(unit);
        text = s.substring(0, kb * 1024);
    }

    @Benchmark
    public List<Finding> scan() {
        return scanner.scan(text);
    }
}
