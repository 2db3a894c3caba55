package dev.llmgateway.core.http;

import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * {@link UpstreamTrace} for calls made through the AWS SDK (Bedrock): the attempt's trace headers
 * go out on every HTTP request of the call, and its endpoint is reported. The observer is taken
 * when the call starts, on the request's thread; an async call (ConverseStream) builds its HTTP
 * request later, possibly on an SDK thread, where the thread's observer is not set.
 */
public final class UpstreamTraceInterceptor implements ExecutionInterceptor {
    private static final ExecutionAttribute<UpstreamTrace.Observer> OBSERVER = new ExecutionAttribute<>("llm-gateway.upstream-trace");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        UpstreamTrace.Observer observer = UpstreamTrace.current();
        if (observer != null) attributes.putAttribute(OBSERVER, observer);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        UpstreamTrace.Observer observer = attributes.getAttribute(OBSERVER);
        if (observer == null) return request;
        observer.sending(request.getUri());
        Map<String, String> headers = observer.headers();
        if (headers.isEmpty()) return request;
        SdkHttpRequest.Builder traced = request.toBuilder();
        headers.forEach(traced::putHeader); // replaces any header of that name
        return traced.build();
    }
}
