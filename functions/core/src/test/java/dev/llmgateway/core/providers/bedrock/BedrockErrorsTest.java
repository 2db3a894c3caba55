package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.api.GatewayError;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

class BedrockErrorsTest {
    private static final String ORIGIN = "https://bedrock-runtime.us-east-1.amazonaws.com";

    @Test
    void inStreamExceptionsMapByTypeNotByTheirPlaceholderStatus() {
        // The SDK gives every exception decoded from an event stream the status 500.
        GatewayError throttled = BedrockErrors.map("bedrock", new CompletionException(ThrottlingException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorMessage("slow down").build()).build()), ORIGIN);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.getMessage()).isEqualTo("Provider 'bedrock': slow down");
        assertThat(throttled.retryAfter()).isNull();

        assertThat(BedrockErrors.map("bedrock", ModelStreamErrorException.builder().statusCode(500).build(), ORIGIN).status()).isEqualTo(502);
    }

    @Test
    void unlistedServiceExceptionsKeepTheirHttpStatus() {
        GatewayError quota = BedrockErrors.map("bedrock", ServiceQuotaExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorMessage("quota").build()).build(), ORIGIN);
        assertThat(quota.status()).isEqualTo(400);
        assertThat(quota.isUpstream()).isTrue();
    }

    @Test
    void timeoutsAreGatewayTimeoutsAndConnectionFailuresBadGateway() {
        assertThat(BedrockErrors.map("bedrock", ModelTimeoutException.builder().statusCode(408).build(), ORIGIN).status()).isEqualTo(504);
        assertThat(BedrockErrors.map("bedrock", ApiCallTimeoutException.create(1000), ORIGIN).status()).isEqualTo(504);
        assertThat(BedrockErrors.map("bedrock", SdkClientException.create("io", new SocketTimeoutException("Read timed out")), ORIGIN).status())
                .isEqualTo(504);
        GatewayError refused = BedrockErrors.map("bedrock", SdkClientException.create("io", new ConnectException("Connection refused")), ORIGIN);
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.code()).isEqualTo("upstream_unavailable");
        assertThat(refused.getMessage()).isEqualTo("Provider 'bedrock' is unreachable at " + ORIGIN + ".");
        assertThat(BedrockErrors.map("bedrock", new IllegalStateException("?"), ORIGIN).status()).isEqualTo(502);
    }
}
