package dev.llmgateway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.api.UsageCheck;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Bad token counts as an upstream could put them on the wire (finding 1 of the hostile probe),
 * each with the problem {@link UsageCheck} must see once a provider has decoded it: a decoder that
 * read them with Jackson's {@code asInt()} would turn each into a plausible number.
 */
public final class BadUsage {
    public static final ChatRequest REQUEST = ChatRequest.parse(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}".getBytes(StandardCharsets.UTF_8));

    private BadUsage() {}

    /** The wire value of one count (JSON text) and the problem it must be reported as. */
    public static Stream<Arguments> counts() {
        return Stream.of(
                Arguments.of("-1000000", UsageCheck.Problem.NEGATIVE),
                Arguments.of("1.5", UsageCheck.Problem.NOT_A_NUMBER),
                Arguments.of("\"abc\"", UsageCheck.Problem.NOT_A_NUMBER),
                Arguments.of("\"12\"", UsageCheck.Problem.NOT_A_NUMBER),
                Arguments.of("true", UsageCheck.Problem.NOT_A_NUMBER),
                Arguments.of("{}", UsageCheck.Problem.NOT_A_NUMBER),
                Arguments.of("1e20", UsageCheck.Problem.ABSURD),
                Arguments.of("5000000000", UsageCheck.Problem.ABSURD),            // asInt() wraps this to 705,032,704
                Arguments.of("4294967396", UsageCheck.Problem.ABSURD),            // asInt() wraps this to 100
                Arguments.of("100000000000000000000000", UsageCheck.Problem.ABSURD),
                Arguments.of("-4294967196", UsageCheck.Problem.NEGATIVE),         // asInt() wraps this to +100
                Arguments.of("3000000", UsageCheck.Problem.ABSURD));
    }

    public static void assertFlagged(Usage usage, UsageCheck.Problem expected) {
        assertThat(usage).as("the usage was decoded").isNotNull();
        assertThat(UsageCheck.DEFAULT.problem(usage, null)).as("decoded as %s", usage).isEqualTo(expected);
    }
}
