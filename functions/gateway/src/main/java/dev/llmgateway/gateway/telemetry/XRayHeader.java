package dev.llmgateway.gateway.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS X-Ray trace header ({@code X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1})
 * as a parent context, for a request that comes without {@code traceparent} (Lambda with active
 * tracing): the X-Ray trace id is the W3C one with its version and dash removed.
 */
final class XRayHeader {
    static final String NAME = "X-Amzn-Trace-Id";
    private static final Pattern ROOT = Pattern.compile("(?:^|;)\\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})(?:;|$)");
    private static final Pattern PARENT = Pattern.compile("(?:^|;)\\s*Parent=([0-9a-f]{16})(?:;|$)");
    private static final Pattern SAMPLED = Pattern.compile("(?:^|;)\\s*Sampled=1(?:;|$)");

    private XRayHeader() {}

    /** The context the header names, or the root context when there is none or it is malformed. */
    static Context parent(String header) {
        if (header == null || header.length() > 256) return Context.root();
        Matcher root = ROOT.matcher(header);
        Matcher parent = PARENT.matcher(header);
        if (!root.find() || !parent.find()) return Context.root();
        SpanContext context = SpanContext.createFromRemoteParent(root.group(1) + root.group(2), parent.group(1),
                SAMPLED.matcher(header).find() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return context.isValid() ? Context.root().with(Span.wrap(context)) : Context.root();
    }
}
