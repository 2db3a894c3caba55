package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A run read on from an earlier one (the rest of a space-separated run) is the run read afresh at that position. */
class DigitRunTest {
    @Test
    void aRunReusedAtALaterGroupIsTheRunReadAfresh() {
        Random random = new Random(3);
        String[] pieces = {"4111", "1", "22", "333", " ", " ", " ", "-", ".", "x", "/"};
        for (int t = 0; t < 4000; t++) {
            StringBuilder b = new StringBuilder();
            for (int p = 1 + random.nextInt(24); p > 0; p--) b.append(pieces[random.nextInt(pieces.length)]);
            String text = random.nextBoolean() ? Parsed.ended(b.toString()) : b.toString(); // whole, or cut short as in a stream
            DigitRun shared = new DigitRun();
            for (int i = 0; i < text.length(); i++) {
                if (!Parsed.digit(text.charAt(i))) continue;
                for (int max : new int[] {9, 12, 19}) {
                    DigitRun fresh = new DigitRun();
                    assertThat(shared.at(text, i, max)).as("[%s] at %d", text, i).isEqualTo(fresh.at(text, i, max));
                    assertThat(describe(shared)).as("[%s] at %d", text, i).isEqualTo(describe(fresh));
                }
            }
        }
    }

    private static String describe(DigitRun r) {
        return r.count + " " + r.overflow + " " + new String(r.digits, 0, r.count) + " " + Arrays.toString(Arrays.copyOf(r.groups, r.groupCount))
                + " " + (int) r.separator + " " + r.open;
    }
}
