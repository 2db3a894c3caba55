package dev.llmgateway.admin.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.llmgateway.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes the admin function before its SnapStart snapshot. The managed Java runtime calls CRaC's
 * {@code beforeCheckpoint} (here the runtime client is Lambda's own, unlike the gateway's web
 * adapter), and this sends a few Function URL events through the handler, as a browser's first visit
 * would: the login page, a static asset, and a console API call without a session (401). That loads
 * and initialises the event parsing, the servlet bridge, Spring MVC's dispatch, the console's filter
 * and templates and the JSON error path, so the first real request after a restore does not. None
 * of them reads a store, a secret or the network (no session cookie, no {@code /admin} call, which
 * would be audited). Nothing random or time-dependent is kept: session tokens come from
 * {@code SecureRandom} at login.
 */
public final class AdminPriming implements Resource {
    private static final Logger log = LoggerFactory.getLogger(AdminPriming.class);
    /** Each primed path with the status it must answer. */
    static final List<Probe> PROBES = List.of(new Probe("/console/login", 200), new Probe("/console/assets/console.js", 200),
            new Probe("/console/api/overview", 401));

    record Probe(String path, int status) {}

    private final RequestStreamHandler handler;

    AdminPriming(RequestStreamHandler handler) {
        this.handler = handler;
    }

    /** Registers it for the checkpoint; the global context may hold it weakly, so the handler keeps it too. */
    static AdminPriming register(RequestStreamHandler handler) {
        AdminPriming priming = new AdminPriming(handler);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        log.info("restored from a snapshot");
    }

    /** Sends each probe; returns the statuses answered, in order. A probe that answers otherwise fails the checkpoint. */
    public List<Integer> prime() {
        long start = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        for (Probe probe : PROBES) {
            int status = send(probe.path());
            if (status != probe.status()) {
                throw new IllegalStateException("priming " + probe.path() + " answered " + status + ", not " + probe.status());
            }
            statuses.add(status);
        }
        log.info("primed {} requests in {} ms", statuses.size(), (System.nanoTime() - start) / 1_000_000);
        return statuses;
    }

    private int send(String path) {
        var event = Json.object().put("version", "2.0").put("routeKey", "$default").put("rawPath", path).put("rawQueryString", "")
                .put("isBase64Encoded", false);
        event.putObject("headers").put("accept", "*/*").put("host", "localhost").put("x-forwarded-proto", "https");
        var context = event.putObject("requestContext").put("requestId", "priming").put("routeKey", "$default").put("stage", "$default")
                .put("domainName", "localhost").put("timeEpoch", 0);
        context.putObject("http").put("method", "GET").put("path", path).put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1")
                .put("userAgent", "priming");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out, PrimingContext.INSTANCE);
            return Json.tree(out.toByteArray()).path("statusCode").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
