package dev.llmgateway.core.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThoughtSignaturesTest {
    @Test
    void aSignatureSurvivesTheRoundTripThroughAnIdOfSafeCharacters() {
        for (String signature : new String[] {"CikBjz1rX+2mO/Qf3vLx8kPZyH4eW1Tn9aB7cD0eF2gf4iepC/JjdKI=", "//5zaWctMg==", "AAAA"}) {
            String id = ThoughtSignatures.toolCallId("call_abc", signature);
            assertThat(id).startsWith("call_abc__thought__").matches("[A-Za-z0-9_-]+");
            assertThat(ThoughtSignatures.signature(id)).isEqualTo(signature);
        }
    }

    @Test
    void idsWithoutASignatureStayAsTheyAre() {
        assertThat(ThoughtSignatures.toolCallId("call_abc", null)).isEqualTo("call_abc");
        assertThat(ThoughtSignatures.signature("call_abc")).isNull();
        assertThat(ThoughtSignatures.signature("call_abc__thought__")).isNull();
        assertThat(ThoughtSignatures.signature(null)).isNull();
    }
}
