package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outbound stream filter: the same result as the whole text, whatever the split, holding back only what can still match. */
class TextStreamTest {
    static final String POLICY = "{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"email\":\"restore\",\"credit_card\":\"redact\","
            + "\"openai_key\":\"redact\",\"phone\":\"restore\"}}";

    static Guard guardWithRestores() {
        Guard g = GuardTest.guard(POLICY);
        g.inbound("messages[0].content", "I am ann@example.com, call +1 415 555 2671");
        return g;
    }

    @Test
    void restoresAndRedactsIdenticallyAtEverySplitInTwoAndThree() {
        String answer = "Dear <EMAIL_1>, your card 4111-1111-1111-1111 and key sk-proj-abc123def456ghi789jkl0 are noted; "
                + "we will call <PHONE_1>. Reply to ops@example.org.";
        String whole = guardWithRestores().outbound("c", answer);
        assertThat(whole).isEqualTo("Dear ann@example.com, your card <CARD_1> and key <OPENAI_KEY_1> are noted; "
                + "we will call +1 415 555 2671. Reply to ops@example.org.");
        for (int i = 0; i <= answer.length(); i++) {
            for (int j = i; j <= answer.length(); j += 7) {
                TextStream s = guardWithRestores().stream("c");
                String out = s.push(answer.substring(0, i)) + s.push(answer.substring(i, j)) + s.push(answer.substring(j)) + s.finish();
                assertThat(out).as("split at %d and %d", i, j).isEqualTo(whole);
            }
        }
    }

    @Test
    void characterByCharacterGivesTheSameText() {
        String answer = "Hi <EMAIL_1>! Card 4111 1111 1111 1111.";
        Guard g = guardWithRestores();
        TextStream s = g.stream("c");
        StringBuilder out = new StringBuilder();
        for (char c : answer.toCharArray()) out.append(s.push(String.valueOf(c)));
        out.append(s.finish());
        assertThat(out.toString()).isEqualTo("Hi ann@example.com! Card <CARD_1>.");
    }

    @Test
    void plainWordsAreReleasedAsSoonAsTheyEnd() {
        TextStream s = guardWithRestores().stream("c");
        assertThat(s.push("The answer is")).isEqualTo("The answer ");
        assertThat(s.held()).isEqualTo(2); // "is" could still become a local part of an address
        assertThat(s.push(" forty-two. ")).isEqualTo("is forty-two. ");
        assertThat(s.held()).isZero();
    }

    @Test
    void aCardNumberIsHeldOnlyWhileItCanStillComplete() {
        TextStream s = guardWithRestores().stream("c");
        assertThat(s.push("pay 4111 1111 ")).isEqualTo("pay ");
        assertThat(s.push("1111 1111")).isEmpty();
        assertThat(s.push(" now")).isEqualTo("<CARD_1> ");
        assertThat(s.finish()).isEqualTo("now");
    }

    @Test
    void aPlaceholderSplitAnywhereIsRestored() {
        TextStream s = guardWithRestores().stream("c");
        assertThat(s.push("to <EMA")).isEqualTo("to ");
        assertThat(s.push("IL_")).isEmpty();
        assertThat(s.push("1> ok")).isEqualTo("ann@example.com ");
    }

    @Test
    void everyCorpusSampleStreamedInTwoPiecesAtEveryOffsetMatchesTheWholeScan() throws Exception {
        GuardrailCorpusTest.load();
        String all = "{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"all\":\"redact\"}}";
        for (GuardrailCorpusTest.Sample sample : GuardrailCorpusTest.corpus) {
            String text = sample.text();
            String whole = GuardTest.guard(all).outbound("c", text);
            for (int i = 0; i <= text.length(); i++) {
                TextStream s = GuardTest.guard(all).stream("c");
                String out = s.push(text.substring(0, i)) + s.push(text.substring(i)) + s.finish();
                assertThat(out).as("%s split at %d", text, i).isEqualTo(whole);
            }
        }
    }

    @Test
    void numberLikeTextStreamedInRandomPiecesMatchesTheWholeScan() {
        // with and without e-mail addresses, which hold any word and so would hide a number released too early
        numberLikeTextStreamed("{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"all\":\"redact\"}}");
        numberLikeTextStreamed("{\"id\":\"p\",\"applies_to\":{\"global\":true},\"detectors\":{\"credit_card\":\"redact\","
                + "\"us_ssn\":\"redact\",\"aadhaar\":\"redact\",\"phone\":\"redact\",\"ipv4\":\"redact\",\"ipv6\":\"redact\",\"iban\":\"redact\"}}");
    }

    private static void numberLikeTextStreamed(String all) {
        String[] pieces = {"4111", "1111", "0", "2", "9", "1", "12", "415", "555", "2671", "078", "05", "1120", "020", "7946", " ", " ", "-",
                ".", ":", "::", "+", "(", ")", "+44 ", "a", "ex", "@", "example.com", "GB82", "WEST", "x"};
        java.util.Random random = new java.util.Random(7);
        for (int t = 0; t < 1500; t++) {
            StringBuilder b = new StringBuilder();
            for (int p = 1 + random.nextInt(16); p > 0; p--) b.append(pieces[random.nextInt(pieces.length)]);
            String text = b.toString();
            String whole = GuardTest.guard(all).outbound("c", text);
            TextStream s = GuardTest.guard(all).stream("c");
            StringBuilder out = new StringBuilder();
            for (int at = 0; at < text.length(); ) {
                int end = Math.min(text.length(), at + 1 + random.nextInt(4));
                out.append(s.push(text.substring(at, end)));
                at = end;
            }
            out.append(s.finish());
            assertThat(out.toString()).as("[%s]", text).isEqualTo(whole);
        }
    }
}
