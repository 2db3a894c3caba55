package dev.llmgateway.admin.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** The invocation context of a priming request, which no invocation carries: fixed values, the logger to standard error. */
final class PrimingContext implements Context {
    static final PrimingContext INSTANCE = new PrimingContext();
    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override public void log(String message) { System.err.println(message); }
        @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
    };

    private PrimingContext() {}

    @Override public String getAwsRequestId() { return "priming"; }
    @Override public String getLogGroupName() { return ""; }
    @Override public String getLogStreamName() { return ""; }
    @Override public String getFunctionName() { return ""; }
    @Override public String getFunctionVersion() { return ""; }
    @Override public String getInvokedFunctionArn() { return ""; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 0; }
    @Override public LambdaLogger getLogger() { return LOGGER; }
}
