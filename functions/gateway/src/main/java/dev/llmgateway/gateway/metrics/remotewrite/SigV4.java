package dev.llmgateway.gateway.metrics.remotewrite;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs a remote-write POST for Amazon Managed Prometheus (service {@code aps}) with the AWS SDK's
 * SigV4 signer and the SDK's credential chain (on Lambda: the function role's session credentials).
 */
final class SigV4 {
    static final String SERVICE = "aps";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    SigV4(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /**
     * The headers to add to the request: the signature and what it covers (x-amz-date, the payload
     * hash, a session token). {@code Host} is left out: the HTTP client sends the same value itself.
     */
    Map<String, List<String>> sign(URI url, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, List<String>> added = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !headers.containsKey(name)) added.put(name, values);
        });
        return added;
    }
}
