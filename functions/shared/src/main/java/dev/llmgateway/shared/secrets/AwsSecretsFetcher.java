package dev.llmgateway.shared.secrets;

import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads secrets with the AWS SDK's default region, credentials (on Lambda, including the
 * SnapStart container credentials) and endpoint ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}).
 * Each fetch uses a client that is closed at once, so no pooled connection outlives startup
 * (nor ends up in a SnapStart snapshot).
 */
public final class AwsSecretsFetcher implements SecretVariables.Fetcher {
    private final Consumer<SecretsManagerClientBuilder> settings;

    public AwsSecretsFetcher() {
        this(builder -> { });
    }

    /** For tests: a fixed endpoint, region and credentials. */
    public AwsSecretsFetcher(Consumer<SecretsManagerClientBuilder> settings) {
        this.settings = settings;
    }

    @Override
    public String fetch(String secretId) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        settings.accept(builder);
        try (SecretsManagerClient client = builder.build()) {
            return client.getSecretValue(request -> request.secretId(secretId)).secretString();
        }
    }
}
