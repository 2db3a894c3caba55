package dev.llmgateway.admin.lambda;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.spring.SpringDelegatingLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.llmgateway.admin.AdminApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The admin function's Lambda handler: each event (a Function URL's or an HTTP API's payload 2.0, or
 * an API Gateway REST proxy event) is turned into a servlet request for the admin application's
 * Spring MVC, in-process, and its buffered response into the event's answer. The admin API needs no
 * streaming, so no web adapter stands in between as it does for the gateway. Under SnapStart the
 * application starts during init, and {@link AdminPriming} sends it a few requests before the snapshot.
 */
public final class AdminHandler implements RequestStreamHandler {
    private final SpringDelegatingLambdaContainerHandler delegate;
    private final AdminPriming priming;

    public AdminHandler() throws ContainerInitializationException {
        // The application starts inside the container handler, which takes no properties; this JVM runs nothing else.
        System.setProperty("spring.config.name", AdminApplication.CONFIG_NAME);
        this.delegate = new SpringDelegatingLambdaContainerHandler(AdminApplication.class);
        this.priming = AdminPriming.register(this);
    }

    /** What primes this handler before a SnapStart snapshot. */
    public AdminPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        delegate.handleRequest(input, output, context);
    }
}
