package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one pass of {@link Scanner} (trigger tables that skip the inside of words, one digit run
 * shared by the numeric detectors) finds exactly what each detector finds on its own, reading
 * every position: on every corpus sample and on random text made of the characters values are made of.
 */
class ScannerTest {
    @Test
    void theSharedPassFindsWhatEachDetectorFindsAloneOnTheCorpus() throws Exception {
        GuardrailCorpusTest.load();
        for (GuardrailCorpusTest.Sample sample : GuardrailCorpusTest.corpus) assertSameAsAlone(sample.text());
    }

    @Test
    void theSharedPassFindsWhatEachDetectorFindsAloneOnRandomText() {
        Random random = new Random(42);
        String[] pieces = {"4111", "1111", " ", "-", ".", "@", "a", "Z", "0", "9", "5", "+1", "(", ")", ":", "::", "é", "sk-", "AKIA",
                "ghp_", "eyJ", "GB82", "WEST", "ex.com", "_", "/", "\n", "-----BEGIN ", "PRIVATE KEY-----", "secret", "PAN ", "ABCPE"};
        for (int t = 0; t < 3000; t++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(30);
            for (int p = 0; p < parts; p++) text.append(pieces[random.nextInt(pieces.length)]);
            assertSameAsAlone(text.toString());
        }
    }

    @Test
    void overlappingFindingsKeepTheCredentialThenTheEarliestThenTheLongest() {
        Scanner scanner = new Scanner(BuiltIn.all());
        String text = "mail ann@example.com, key ghp_" + "a".repeat(36) + "@example.com and 4111 1111 1111 1111";
        List<Finding> found = scanner.scan(text);
        assertThat(found).extracting(f -> f.detector().name()).containsExactly("email", "github_token", "credit_card");
    }

    private static void assertSameAsAlone(String text) {
        for (Detector d : BuiltIn.all()) {
            List<Finding> alone = new ArrayList<>();
            d.scan(text, alone);
            assertThat(new Scanner(List.of(d)).scan(text)).as("%s in [%s]", d.name(), text).isEqualTo(withoutOverlaps(alone));
        }
    }

    /** The reference resolution for one detector's findings: the earliest, then the longest, of any overlapping ones. */
    private static List<Finding> withoutOverlaps(List<Finding> found) {
        List<Finding> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::length).reversed()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : sorted) {
            if (kept.stream().noneMatch(k -> k.start() < f.end() && f.start() < k.end())) kept.add(f);
        }
        return kept;
    }
}
