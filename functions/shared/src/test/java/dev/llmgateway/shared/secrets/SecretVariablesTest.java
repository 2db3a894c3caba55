package dev.llmgateway.shared.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.FakeUpstream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

@ExtendWith(OutputCaptureExtension.class)
class SecretVariablesTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:llm-gateway/openai-AbCdEf";

    @Test
    void readsTheSecretThroughTheSecretsManagerApiAndNeverLogsIt(CapturedOutput output) throws Exception {
        try (FakeUpstream aws = new FakeUpstream()) {
            aws.on("/", FakeUpstream.json(200, """
                    {"ARN":"%s","Name":"llm-gateway/openai","SecretString":"sk-from-secrets-manager","VersionId":"v1"}
                    """.formatted(ARN)));
            AwsSecretsFetcher fetcher = new AwsSecretsFetcher(builder -> builder
                    .endpointOverride(URI.create(aws.baseUrl()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"))));

            Map<String, String> resolved = SecretVariables.resolve(Map.of("OPENAI_API_KEY_SECRET_ARN", ARN), () -> fetcher);

            assertThat(resolved).containsExactly(Map.entry("OPENAI_API_KEY", "sk-from-secrets-manager"));
            FakeUpstream.Received call = aws.last();
            assertThat(call.headers().get("x-amz-target")).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(call.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
            JsonNode body = Json.tree(call.body());
            assertThat(body.path("SecretId").asText()).isEqualTo(ARN);
            assertThat(output.getAll()).contains("OPENAI_API_KEY").doesNotContain("sk-from-secrets-manager");
        }
    }

    @Test
    void aValueSetDirectlyWinsAndNothingIsFetched() {
        List<String> fetched = new ArrayList<>();
        Map<String, String> resolved = SecretVariables.resolve(
                Map.of("OPENAI_API_KEY", "sk-local", "OPENAI_API_KEY_SECRET_ARN", ARN),
                () -> id -> { fetched.add(id); return "unused"; });
        assertThat(resolved).isEmpty();
        assertThat(fetched).isEmpty();
    }

    @Test
    void noSecretVariablesCreateNoClient() {
        Map<String, String> resolved = SecretVariables.resolve(Map.of("OPENAI_API_KEY_SECRET_ARN", " ", "PORT", "8080"),
                () -> { throw new AssertionError("no fetcher should be created"); });
        assertThat(resolved).isEmpty();
    }

    @Test
    void anUnreadableSecretFailsStartupNamingTheVariable() {
        assertThatThrownBy(() -> SecretVariables.resolve(Map.of("GEMINI_API_KEY_SECRET_ARN", ARN),
                () -> id -> { throw new IllegalStateException("AccessDeniedException"); }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GEMINI_API_KEY_SECRET_ARN")
                .hasMessageContaining("AccessDeniedException");
        assertThatThrownBy(() -> SecretVariables.resolve(Map.of("GEMINI_API_KEY_SECRET_ARN", ARN), () -> id -> " "))
                .hasMessageContaining("is empty");
    }
}
