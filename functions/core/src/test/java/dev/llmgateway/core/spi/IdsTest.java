package dev.llmgateway.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void completionAndToolCallIdsHaveOpenAisShape() {
        assertThat(Ids.completion()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(Ids.toolCall()).matches("call_[A-Za-z0-9]{24}");
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertThat(seen.add(Ids.toolCall())).isTrue();
    }

    @Test
    void everyLetterOfTheAlphabetIsDrawn() {
        Set<Character> letters = new HashSet<>();
        for (char c : Ids.random(20_000).toCharArray()) letters.add(c);
        assertThat(letters).hasSize(62);
    }
}
