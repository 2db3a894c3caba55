package dev.llmgateway.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The API fields the gateway adds to its audit records. */
class MeteredFactsTest {
    @Test
    void theApiFieldNamesTheApiNeverAnId() {
        assertThat(MeteredFacts.api("/v1/chat/completions")).isEqualTo("chat.completions");
        assertThat(MeteredFacts.api("/v1/messages/count_tokens")).isEqualTo("messages.count_tokens");
        assertThat(MeteredFacts.api("/v1/responses")).isEqualTo("responses");
        assertThat(MeteredFacts.api("/v1/responses/resp_abc123")).isEqualTo("responses");
        assertThat(MeteredFacts.api("/v1/responses/resp_abc123/input_items")).isEqualTo("responses.input_items");
        assertThat(MeteredFacts.api("/v1/models/ollama/llama3.2")).isEqualTo("models");
    }
}
