package dev.llmgateway.core.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

/** Anthropic's usage object (Messages API reference): input_tokens excludes every cache token. */
class MessagesUsageTest {
    @Test
    void cacheWritesAreSplitByLifetimeAndNothingIsCountedTwice() {
        MessagesUsage counts = new MessagesUsage();
        counts.update(Json.tree("""
                {"input_tokens":50,"cache_creation_input_tokens":3000,"cache_read_input_tokens":400,
                 "cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000},"output_tokens":100}"""));
        Usage usage = counts.usage();
        assertThat(usage).isEqualTo(Usage.builder().input(50).cacheRead(400).cacheWrite5m(1000).cacheWrite1h(2000).output(100).build());
        assertThat(usage.promptTokens()).isEqualTo(3450);
        assertThat(Json.tree(Json.string(usage)).toString()).isEqualTo("{\"prompt_tokens\":3450,\"completion_tokens\":100,\"total_tokens\":3550,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":400,\"cache_write_tokens\":3000}}");
    }

    @Test
    void withoutTheLifetimeSplitEveryWriteIsA5MinuteWrite() {
        MessagesUsage counts = new MessagesUsage();
        counts.update(Json.tree("{\"input_tokens\":12,\"cache_creation_input_tokens\":248,\"cache_read_input_tokens\":1800,\"output_tokens\":40}"));
        assertThat(counts.usage()).isEqualTo(Usage.builder().input(12).cacheRead(1800).cacheWrite5m(248).output(40).build());
    }
}
