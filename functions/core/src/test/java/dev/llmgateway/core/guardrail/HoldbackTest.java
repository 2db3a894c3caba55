package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delay the stream holdback adds, counted in chunks, not time. An answer is cut into OpenAI's
 * tokens (o200k_base) and streamed in chunks of 1 to 4 tokens (a fixed pattern) through every
 * built-in detector, with placeholders to restore. A chunk's delay is how many chunks later its last
 * character reaches the client (0: with the chunk itself). The figures printed are those in
 * docs/guardrails.md, with the same count for each detector alone (which holds the most).
 *
 * <p>Two answers: a realistic one (prose, a code block, dates, amounts, times, a version, an e-mail
 * address, restored placeholders), and a dense one with a value or number-like run in every sentence,
 * which can only wait as long as its values take to arrive (a card number waits for its last digit).
 * The aim of at most one chunk at p99 is not reachable by an exact stream while e-mail addresses are
 * detected: any word may still be a local part until the character after it arrives, so a word that
 * goes on into the next chunk waits two. The bounds asserted are today's figures, and that the
 * holdback adds nothing at p99 beyond what the e-mail rule forces.
 */
class HoldbackTest {
    static final String REALISTIC = """
            Hi <EMAIL_1>, thanks for the details. I checked your account and here is what happened.

            Your invoice from November 5, 2024 was charged twice: once at 09:14 and again at 09:16, both for \
            $249.00. The second charge has been refunded, and you should see it within 5 to 7 business days. \
            I also noticed that your plan renews on the 1st of each month, so the next invoice is due on \
            December 1. If you would like to switch to annual billing, you save about 15% over the year.

            About the API errors you mentioned: the 429 responses come from the rate limit of your current \
            tier, which allows 500 requests per minute and 30,000 tokens per minute. Your logs show bursts \
            of roughly 800 requests in the first ten seconds of each minute, which is why some of them fail. \
            There are three things you can do:

            1. Spread the requests over the minute instead of sending them all at once.
            2. Retry with exponential backoff when you get a 429, starting at 1 second and doubling up to 32.
            3. Ask for a higher tier once your usage has been steady for a few weeks.

            Here is a small example in Python that retries with backoff:

            ```python
            import time
            from openai import OpenAI, RateLimitError

            client = OpenAI()

            def ask(prompt, retries=6):
                delay = 1.0
                for attempt in range(retries):
                    try:
                        response = client.chat.completions.create(
                            model="gpt-4o-mini",
                            messages=[{"role": "user", "content": prompt}],
                            max_tokens=512,
                        )
                        return response.choices[0].message.content
                    except RateLimitError:
                        time.sleep(delay)
                        delay = min(delay * 2, 32)
                raise RuntimeError("still rate limited after %d attempts" % retries)
            ```

            This works with version 1.54 of the library and later. If you use the streaming interface, the \
            same pattern applies: wrap the call that opens the stream, not the loop that reads it.

            One more thing: the webhook you registered on October 28 points to an address that returned 404 \
            for the last 12 deliveries. Please check that the path is still correct; we retry each event for \
            up to 72 hours before giving up. Once it answers with a 200 again, the missed events will be \
            delivered in order.

            If anything is still unclear, reply to this message or write to billing@example.com and mention \
            ticket number 58213, so that whoever picks it up has the full history. We will call you back at \
            <PHONE_1> if you prefer to talk it through. Have a good day, and thanks again for your patience!
            """;

    static final String DENSE = """
            Thanks, <EMAIL_1>. I looked at order 2024-11-05-1187 and release v3.14.159: the refund of 42.50 EUR went to \
            the card ending 1111, and the full number 4111 1111 1111 1111 was never stored by us. Write to billing@example.org \
            or call <PHONE_1> between 9:00 and 17:30. The service at 10.0.0.12 answered in 120 ms on 3 of 4 tries; \
            ticket 550e8400-e29b-41d4-a716-446655440000 tracks the rest. Anything else, <EMAIL_1>? \
            """.repeat(4);

    private static final int[] TOKENS_PER_CHUNK = {1, 2, 1, 3, 1, 4, 2, 1, 1, 2}; // a fixed mix of 1 to 4 tokens
    private static final String ALL = "{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"all\":\"redact\","
            + "\"email\":\"restore\",\"phone\":\"restore\"}}";
    private static Encoding o200k;

    /** How long the chunks of one answer waited, sorted. */
    record Delays(int[] sorted) {
        int p50() {
            return sorted[sorted.length / 2];
        }

        int p99() {
            return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        }

        int max() {
            return sorted[sorted.length - 1];
        }

        long held() {
            return Arrays.stream(sorted).filter(d -> d > 0).count();
        }

        String line(String what) {
            return String.format(Locale.ROOT, "%-16s %d chunks: p50 %d, p99 %d, max %d; %d held (%.1f%%)", what, sorted.length, p50(), p99(),
                    max(), held(), 100.0 * held() / sorted.length);
        }
    }

    @BeforeAll
    static void tokenizer() {
        o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @Test
    void aRealisticAnswerWaitsAtP99NoLongerThanAnEmailLocalPartForces() {
        List<String> chunks = chunks(REALISTIC);
        Delays all = delays(chunks, () -> restoring(ALL));
        report("realistic", chunks, all);
        assertThat(String.join("", chunks)).isEqualTo(REALISTIC);
        assertThat(chunks.size()).isGreaterThan(300);
        // Any word may be an address's local part until the character after it is known, so a chunk ending inside a
        // word waits one chunk, and one whose word goes on in the next waits two: no exact stream can do less.
        Delays email = delays(chunks, () -> GuardTest.guard(only("email")));
        assertThat(all.p99()).isLessThanOrEqualTo(email.p99()).isLessThanOrEqualTo(2);
        assertThat(all.p50()).isLessThanOrEqualTo(1);
        assertThat(all.max()).isLessThanOrEqualTo(4);
    }

    @Test
    void aDenseAnswerWaitsOnlyWhileItsValuesArrive() {
        List<String> chunks = chunks(DENSE);
        Delays all = delays(chunks, () -> restoring(ALL));
        report("dense", chunks, all);
        assertThat(all.p50()).isLessThanOrEqualTo(1);
        assertThat(all.p99()).isLessThanOrEqualTo(10); // a UUID of 15 tokens may be a local part until it ends
        assertThat(all.max()).isLessThanOrEqualTo(10);
        // a digit run is held only while it can still become a value: dates and order numbers are no phone or SSN
        assertThat(delays(chunks, () -> GuardTest.guard(only("phone"))).p99()).isLessThanOrEqualTo(1);
        assertThat(delays(chunks, () -> GuardTest.guard(only("us_ssn"))).p99()).isLessThanOrEqualTo(1);
    }

    @Test
    void theStreamedAnswerIsTheBufferedOne() {
        for (String answer : List.of(REALISTIC, DENSE)) {
            Guard g = restoring(ALL);
            TextStream stream = g.stream("c");
            StringBuilder out = new StringBuilder();
            for (String chunk : chunks(answer)) out.append(stream.push(chunk));
            out.append(stream.finish());
            assertThat(out.toString()).isEqualTo(restoring(ALL).outbound("c", answer));
        }
    }

    /** The whole figure, then each detector alone and the placeholders alone: which holds the most. */
    private static void report(String answer, List<String> chunks, Delays all) {
        StringBuilder out = new StringBuilder("holdback, " + answer + " answer:\n" + all.line("all") + "\n");
        for (String name : BuiltIn.names()) {
            Delays alone = delays(chunks, () -> GuardTest.guard(only(name)));
            if (alone.held() > 0) out.append(alone.line(name)).append('\n');
        }
        String others = BuiltIn.names().stream().filter(n -> !n.equals("email")).map(n -> "\"" + n + "\":\"redact\"")
                .collect(java.util.stream.Collectors.joining(",", "{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{", "}}"));
        out.append(delays(chunks, () -> restoring(others)).line("all but email")).append('\n');
        String placeholders = "{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"email\":\"restore\",\"phone\":\"restore\"},"
                + "\"outbound\":false}";
        out.append(delays(chunks, () -> restoring(placeholders)).line("placeholders"));
        System.out.println(out);
    }

    private static String only(String detector) {
        return "{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"" + detector + "\":\"redact\"}}";
    }

    static Guard restoring(String policy) {
        Guard g = GuardTest.guard(policy);
        g.inbound("messages[0].content", "I am ann@example.com, call +1 415 555 2671");
        return g;
    }

    /** The answer as OpenAI streams it: its tokens, grouped 1 to 4 to a chunk. */
    static List<String> chunks(String answer) {
        IntArrayList tokens = o200k.encodeOrdinary(answer);
        List<String> chunks = new ArrayList<>();
        int t = 0;
        for (int k = 0; t < tokens.size(); k++) {
            IntArrayList chunk = new IntArrayList();
            for (int c = 0; c < TOKENS_PER_CHUNK[k % TOKENS_PER_CHUNK.length] && t < tokens.size(); c++) chunk.add(tokens.get(t++));
            chunks.add(o200k.decode(chunk));
        }
        return chunks;
    }

    /** Streams the chunks through a fresh guard's stream; a chunk's delay is the number of chunks until all of it was released. */
    static Delays delays(List<String> chunks, Supplier<Guard> guard) {
        TextStream stream = guard.get().stream("choices[0].message.content");
        int[] ends = new int[chunks.size()];
        long[] releasedAfter = new long[chunks.size()]; // characters of the answer released once chunk k was pushed
        int end = 0;
        for (int k = 0; k < chunks.size(); k++) {
            stream.push(chunks.get(k));
            end += chunks.get(k).length();
            ends[k] = end;
            releasedAfter[k] = end - stream.held();
        }
        int[] delays = new int[chunks.size()];
        for (int k = 0; k < chunks.size(); k++) {
            int j = k;
            while (j < chunks.size() && releasedAfter[j] < ends[k]) j++;
            delays[k] = j - k; // j == size: released only by the end of the run
        }
        Arrays.sort(delays);
        return new Delays(delays);
    }
}
