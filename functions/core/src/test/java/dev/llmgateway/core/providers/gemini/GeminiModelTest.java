package dev.llmgateway.core.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiModelTest {
    @ParameterizedTest
    @CsvSource({
            "gemini-2.0-flash,            models/gemini-2.0-flash,            false, false",
            "gemini-1.5-pro-002,          models/gemini-1.5-pro-002,          false, false",
            "gemini-2.5-flash,            models/gemini-2.5-flash,            true,  false",
            "gemini-2.5-pro-preview-06-05, models/gemini-2.5-pro-preview-06-05, true, false",
            "gemini-3-flash-preview,      models/gemini-3-flash-preview,      true,  true",
            "gemini-3.5-flash,            models/gemini-3.5-flash,            true,  true",
            "gemini-flash-latest,         models/gemini-flash-latest,         true,  true",
            "models/gemini-2.5-flash,     models/gemini-2.5-flash,            true,  false",
            "gemma-3-27b-it,              models/gemma-3-27b-it,              false, false",
            "tunedModels/my-model-7,      tunedModels/my-model-7,             false, false"})
    void capabilitiesFollowTheVersionInTheName(String name, String resource, boolean jsonSchema, boolean signatures) {
        GeminiModel model = GeminiModel.of(name, "gemini");
        assertThat(model.resource()).isEqualTo(resource);
        assertThat(model.acceptsJsonSchema()).isEqualTo(jsonSchema);
        assertThat(model.validatesThoughtSignatures()).isEqualTo(signatures);
    }
}
