package dev.llmgateway.gateway.metrics.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The gateway's snappy encoder, checked by an independent decoder (snappy-java). */
class SnappyTest {
    private static byte[] roundTrip(byte[] input) throws Exception {
        byte[] compressed = Snappy.compress(input);
        assertThat(org.xerial.snappy.Snappy.isValidCompressedBuffer(compressed)).isTrue();
        return org.xerial.snappy.Snappy.uncompress(compressed);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 59, 60, 61, 255, 256, 257, 65535, 65536, 65537, 200_000})
    void randomBytesOfEveryLiteralLengthClassSurvive(int size) throws Exception {
        byte[] input = new byte[size];
        new Random(size).nextBytes(input);
        assertThat(roundTrip(input)).isEqualTo(input);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1000, 70_000, 300_000})
    void repetitiveInputCompressesAndSurvivesAcrossFragments(int size) throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < size) text.append("gateway_requests_total{model=\"gpt-4o\",provider=\"openai\",status=\"200\"} ");
        byte[] input = text.substring(0, size).getBytes(StandardCharsets.UTF_8);
        assertThat(roundTrip(input)).isEqualTo(input);
        if (size > 1000) assertThat(Snappy.compress(input).length).isLessThan(size / 5);
    }

    @Test
    void longRunsUseOverlappingCopies() throws Exception {
        byte[] input = new byte[10_000];
        java.util.Arrays.fill(input, (byte) 'a');
        input[5000] = 'b';
        assertThat(roundTrip(input)).isEqualTo(input);
        assertThat(Snappy.compress(input).length).isLessThan(600);
    }
}
