package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled corpus (src/test/resources/guardrail/corpus.jsonl): realistic text with the values
 * each detector must find, and near-misses (order numbers, timestamps, versions, UUIDs, invalid
 * checksums, numbers in code) where nothing may be found. Every built-in detector runs over every
 * sample; a value counts as found only with its exact span. The figures printed here are the ones
 * in docs/guardrails.md; a regression below the floors fails the build.
 */
class GuardrailCorpusTest {
    record Sample(String kind, String text, List<String[]> expect) {}

    static final class Score {
        int tp;
        int fp;
        int fn;

        double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }
    }

    static final List<Sample> corpus = new ArrayList<>();

    @BeforeAll
    static synchronized void load() throws Exception {
        if (!corpus.isEmpty()) return;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GuardrailCorpusTest.class.getResourceAsStream("/guardrail/corpus.jsonl"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode n = Json.tree(line);
                List<String[]> expect = new ArrayList<>();
                n.get("expect").forEach(e -> expect.add(new String[] {e.get("detector").asText(), e.get("value").asText()}));
                corpus.add(new Sample(n.get("kind").asText(), n.get("text").asText(), expect));
            }
        }
    }

    @Test
    void theCorpusHasAtLeast400SamplesWithPositivesForEveryDetector() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(400);
        for (String name : BuiltIn.names()) {
            long positives = corpus.stream().flatMap(s -> s.expect().stream()).filter(e -> e[0].equals(name)).count();
            assertThat(positives).as(name).isGreaterThanOrEqualTo(15);
        }
        assertThat(corpus.stream().filter(s -> s.kind().equals("near_miss")).count()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void everyBuiltInDetectorKeepsItsPrecisionAndRecall() {
        Scanner scanner = new Scanner(BuiltIn.all());
        Map<String, Score> scores = new TreeMap<>();
        BuiltIn.names().forEach(n -> scores.put(n, new Score()));
        int nearMisses = 0;
        int cleanNearMisses = 0;
        List<String> misses = new ArrayList<>();
        for (Sample s : corpus) {
            if (s.kind().startsWith("injection")) continue;
            List<String[]> expected = new ArrayList<>(s.expect());
            List<Finding> found = scanner.scan(s.text());
            for (Finding f : found) {
                String value = s.text().substring(f.start(), f.end());
                String[] match = expected.stream().filter(e -> e[0].equals(f.detector().name()) && e[1].equals(value)).findFirst().orElse(null);
                if (match != null) {
                    scores.get(f.detector().name()).tp++;
                    expected.remove(match);
                } else {
                    scores.get(f.detector().name()).fp++;
                    misses.add("FP " + f.detector().name() + " [" + value + "] in: " + s.text());
                }
            }
            for (String[] e : expected) {
                scores.get(e[0]).fn++;
                misses.add("FN " + e[0] + " [" + e[1] + "] in: " + s.text());
            }
            if (s.kind().equals("near_miss")) {
                nearMisses++;
                if (found.isEmpty()) cleanNearMisses++;
            }
        }
        StringBuilder table = new StringBuilder("| detector | TP | FP | FN | precision | recall |\n| --- | --- | --- | --- | --- | --- |\n");
        scores.forEach((name, sc) -> table.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %d | %.3f | %.3f |%n", name, sc.tp, sc.fp,
                sc.fn, sc.precision(), sc.recall())));
        double nearMissPrecision = (double) cleanNearMisses / nearMisses;
        table.append(String.format(Locale.ROOT, "near-misses without any finding: %d of %d (%.3f)%n", cleanNearMisses, nearMisses, nearMissPrecision));
        System.out.println(table);
        misses.forEach(System.out::println);
        scores.forEach((name, sc) -> {
            assertThat(sc.precision()).as("precision of " + name).isGreaterThanOrEqualTo(0.98);
            assertThat(sc.recall()).as("recall of " + name).isGreaterThanOrEqualTo(0.95);
        });
        assertThat(nearMissPrecision).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void thePromptInjectionHeuristicKeepsItsMeasuredPrecision() {
        PromptInjection heuristic = new PromptInjection();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Sample s : corpus) {
            if (!s.kind().startsWith("injection")) continue;
            List<Finding> found = new ArrayList<>();
            heuristic.scan(s.text(), found);
            boolean attack = s.kind().equals("injection_positive");
            if (attack && !found.isEmpty()) tp++;
            if (attack && found.isEmpty()) {
                fn++;
                System.out.println("FN prompt_injection: " + s.text());
            }
            if (!attack && !found.isEmpty()) {
                fp++;
                System.out.println("FP prompt_injection: " + s.text());
            }
        }
        double precision = (double) tp / (tp + fp);
        double recall = (double) tp / (tp + fn);
        System.out.printf(Locale.ROOT, "prompt_injection: TP %d FP %d FN %d precision %.3f recall %.3f%n", tp, fp, fn, precision, recall);
        assertThat(precision).isGreaterThanOrEqualTo(0.9);
        assertThat(recall).isGreaterThanOrEqualTo(0.8);
    }
}
