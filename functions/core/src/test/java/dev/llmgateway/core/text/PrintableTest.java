package dev.llmgateway.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersAndLineSeparatorsBecomeVisibleEscapes() {
        assertThat(Printable.escape("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u2028i\u2029j"))
                .isEqualTo("a\\nb\\rc\\td\\u0000e\\u001bf\\u007fg\\u0085h\\u2028i\\u2029j");
    }

    @Test
    void printableTextIsUnchangedIncludingNonAscii() {
        String text = "gpt-4o \"quoted\" \\ é 漢字 😀";
        assertThat(Printable.escape(text)).isSameAs(text);
        assertThat(Printable.escape(null)).isEqualTo("null");
    }
}
