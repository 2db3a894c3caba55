package dev.llmgateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.gateway.metrics.remotewrite.RemoteWriteSettings;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class CoreConfigurationTest {
    @Test
    void envServesSecretsNamedBySecretArnVariables() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("OPENAI_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:openai")
                .withProperty("OLLAMA_BASE_URL", "http://ollama:11434");
        Env env = dev.llmgateway.shared.env.EnvConfiguration.env(spring, () -> id -> id.endsWith(":openai") ? "sk-resolved" : null);
        assertThat(env.get("OPENAI_API_KEY")).isEqualTo("sk-resolved");
        assertThat(env.get("OLLAMA_BASE_URL")).isEqualTo("http://ollama:11434");
        assertThat(env.get("ANTHROPIC_API_KEY")).isNull();
    }

    /** The template passes the admin key, the pepper and remote-write credentials the same way as provider keys. */
    @Test
    void anySecretArnVariableIsResolvedNotOnlyProviderKeys() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty("ADMIN_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:admin")
                .withProperty("API_KEY_PEPPER_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:pepper")
                .withProperty("PROMETHEUS_REMOTE_WRITE_URL", "https://prometheus.example/api/v1/write")
                .withProperty("PROMETHEUS_REMOTE_WRITE_USERNAME", "gateway")
                .withProperty("PROMETHEUS_REMOTE_WRITE_PASSWORD", "")
                .withProperty("PROMETHEUS_REMOTE_WRITE_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:rw");
        Env env = dev.llmgateway.shared.env.EnvConfiguration.env(spring, () -> id -> "value-of-" + id.substring(id.lastIndexOf(':') + 1));
        assertThat(env.get("ADMIN_API_KEY")).isEqualTo("value-of-admin");
        assertThat(env.get("API_KEY_PEPPER")).isEqualTo("value-of-pepper");
        // An empty declared variable (as in the template) does not hide the secret.
        assertThat(env.get("PROMETHEUS_REMOTE_WRITE_PASSWORD")).isEqualTo("value-of-rw");
        assertThat(RemoteWriteSettings.fromEnv(env).auth())
                .isEqualTo(new RemoteWriteSettings.Auth.Basic("gateway", "value-of-rw"));
    }
}
