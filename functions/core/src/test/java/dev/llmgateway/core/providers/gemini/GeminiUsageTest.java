package dev.llmgateway.core.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * Gemini's usageMetadata (generateContent reference): promptTokenCount includes
 * cachedContentTokenCount, candidatesTokenCount excludes thoughtsTokenCount.
 */
class GeminiUsageTest {
    @Test
    void cachedThoughtsAndModalitiesLandInTheirBuckets() {
        Usage usage = GeminiAnswer.usage(Json.tree("""
                {"promptTokenCount":5000,"cachedContentTokenCount":4096,"candidatesTokenCount":6,"thoughtsTokenCount":120,
                 "toolUsePromptTokenCount":10,"totalTokenCount":5136,
                 "promptTokensDetails":[{"modality":"TEXT","tokenCount":4500},{"modality":"AUDIO","tokenCount":400},{"modality":"IMAGE","tokenCount":100}],
                 "cacheTokensDetails":[{"modality":"TEXT","tokenCount":4000},{"modality":"AUDIO","tokenCount":96}]}"""));
        assertThat(usage).isEqualTo(Usage.builder().input(914).cacheRead(4096).output(126).reasoning(120)
                .audioInput(304).imageInput(100).build());
        assertThat(usage.totalTokens()).isEqualTo(5136);
        assertThat(Json.tree(Json.string(usage)).path("completion_tokens_details").toString()).isEqualTo("{\"reasoning_tokens\":120}");
    }
}
