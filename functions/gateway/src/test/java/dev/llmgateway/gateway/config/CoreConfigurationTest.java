package dev.llmgateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.config.Env;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class CoreConfigurationTest {
    @Test
    void envServesSecretsNamedBySecretArnVariables() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("OPENAI_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:openai")
                .withProperty("OLLAMA_BASE_URL", "http://ollama:11434");
        Env env = CoreConfiguration.env(spring, () -> id -> id.endsWith(":openai") ? "sk-resolved" : null);
        assertThat(env.get("OPENAI_API_KEY")).isEqualTo("sk-resolved");
        assertThat(env.get("OLLAMA_BASE_URL")).isEqualTo("http://ollama:11434");
        assertThat(env.get("ANTHROPIC_API_KEY")).isNull();
    }
}
