package dev.llmgateway.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamedUsageTest {
    private static final ChatRequest REQUEST = ChatRequest.parse(
            "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count to five, please.\"}]}"
                    .getBytes(StandardCharsets.UTF_8));

    private static byte[] chunk(String content) {
        return ("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
                + "\"},\"finish_reason\":null}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anOpenAiModelsTextIsCountedWithItsTokenizer() {
        Usage usage = StreamedUsage.count(REQUEST, "gpt-4o", List.of(chunk("One, two,"), chunk(" three, four")), 1500);
        var o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        assertThat(usage.estimated()).isTrue();
        assertThat(usage.outputTokens()).isEqualTo(o200k.countTokens("One, two, three, four")).isPositive();
        assertThat(usage.inputTokens()).isEqualTo(o200k.countTokens("Count to five, please.") + 4 + 3); // + message + reply priming
    }

    @Test
    void otherModelsAreEstimatedAtFourBytesPerToken() {
        Usage usage = StreamedUsage.count(REQUEST, "claude-sonnet-4-5", List.of(chunk("One, two,"), chunk(" three, four")), 1500);
        assertThat(usage.outputTokens()).isEqualTo(6); // 21 bytes / 4, rounded up
        assertThat(usage.inputTokens()).isEqualTo(6 + 4 + 3); // 22 bytes / 4 rounded up, plus 4 for the message and 3 to prime the reply
    }

    @Test
    void usageThatReachedTheClientIsTheUpstreamsCountAndNotAnEstimate() {
        byte[] usageChunk = "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}"
                .getBytes(StandardCharsets.UTF_8);
        Usage usage = StreamedUsage.count(REQUEST, "gpt-4o", List.of(chunk("One"), usageChunk), 1500);
        assertThat(usage).isEqualTo(Usage.of(9, 3));
    }
}
