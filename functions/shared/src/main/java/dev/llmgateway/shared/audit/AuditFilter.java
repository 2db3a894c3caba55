package dev.llmgateway.shared.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.audit.Records;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.shared.edge.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one audit record per API request ({@code /v1/...}, in the gateway) or per admin call
 * ({@code /admin/...}, in the admin function), refused ones included, and makes it durable before the response completes: a buffered body is held
 * until its record is stored; a stream's record is stored after its last byte but before the
 * response is closed. If the store fails: {@code fail-closed} answers 503 where the body is still held
 * and refuses further requests until a record lands again; {@code fail-open} serves and counts
 * {@code gateway_audit_write_failures_total}. In the gateway it runs inside the metering filter, whose
 * facts it reads through {@link ApiFacts}.
 */
public final class AuditFilter extends OncePerRequestFilter {
    public static final String REQUEST_ID_HEADER = RequestIds.HEADER;
    static final String BEFORE_ATTRIBUTE = AuditFilter.class.getName() + ".before";
    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog audit;
    private final ApiKeys keys;
    private final StoreFailureMode failureMode;
    private final Clock clock;
    private final Counter writeFailures;
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final String prefix;
    private final Function<HttpServletRequest, String> requestIds;
    private final Function<HttpServletRequest, ApiFacts> facts;

    private AuditFilter(AuditLog audit, ApiKeys keys, StoreFailureMode failureMode, Clock clock, MeterRegistry registry,
                        String prefix, Function<HttpServletRequest, String> requestIds, Function<HttpServletRequest, ApiFacts> facts) {
        this.prefix = prefix;
        this.requestIds = requestIds;
        this.facts = facts;
        this.audit = audit;
        this.keys = keys;
        this.failureMode = failureMode;
        this.clock = clock;
        this.writeFailures = Counter.builder("gateway.audit.write.failures")
                .description("Audit records that could not be stored").register(registry);
    }

    /**
     * The gateway's filter: every {@code /v1/...} request, under the id its meter gave it, with the
     * facts the data plane learned serving it.
     */
    public static AuditFilter forApi(AuditLog audit, ApiKeys keys, StoreFailureMode failureMode, Clock clock, MeterRegistry registry,
                                     Function<HttpServletRequest, String> requestIds, Function<HttpServletRequest, ApiFacts> facts) {
        return new AuditFilter(audit, keys, failureMode, clock, registry, "/v1/", requestIds, facts);
    }

    /** The admin function's filter: every {@code /admin/...} call. */
    public static AuditFilter forAdmin(AuditLog audit, ApiKeys keys, StoreFailureMode failureMode, Clock clock,
                                       MeterRegistry registry) {
        return new AuditFilter(audit, keys, failureMode, clock, registry, "/admin/",
                request -> RequestIds.of(request.getHeader(REQUEST_ID_HEADER)), request -> null);
    }

    /** Records the state an admin call is about to change (called by the admin handler before it changes it). */
    public static void before(HttpServletRequest request, Supplier<JsonNode> state) {
        JsonNode before;
        try {
            before = state.get();
        } catch (GatewayError e) {
            before = null; // nothing there yet
        }
        request.setAttribute(BEFORE_ATTRIBUTE, before == null ? Json.MAPPER.nullNode() : before);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith(prefix) || ("/admin/".equals(prefix) && path.equals("/admin")));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestIds.apply(request);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        String time = Records.time(clock.instant());
        long started = System.nanoTime();
        HashingRequest hashing = new HashingRequest(request);
        AuditedResponse audited = new AuditedResponse(response);
        boolean refused = failureMode == StoreFailureMode.FAIL_CLOSED && storeDown.get();
        try {
            if (refused) {
                refuse(audited);
            } else {
                chain.doFilter(hashing, audited);
            }
        } catch (IOException | ServletException | RuntimeException e) {
            if (!audited.isCommitted()) audited.setStatus(500);
            throw e;
        } finally {
            ObjectNode record = RequestRecord.of(request, hashing, audited, facts.apply(request), keys,
                    requestId, time, System.nanoTime() - started);
            if (!store(record) && failureMode == StoreFailureMode.FAIL_CLOSED && !audited.streaming()) refuse(audited);
            audited.release();
        }
    }

    /** True once the record is durable. */
    private boolean store(ObjectNode record) {
        try {
            audit.append(record.path("type").asText(), record);
            storeDown.set(false);
            return true;
        } catch (RuntimeException e) {
            storeDown.set(true);
            writeFailures.increment();
            log.warn("audit record {} could not be stored ({}): {}", record.path("request_id").asText(),
                    failureMode == StoreFailureMode.FAIL_CLOSED ? "fail-closed" : "fail-open", e.toString());
            return false;
        }
    }

    private static void refuse(AuditedResponse response) {
        String requestId = response.getHeader(REQUEST_ID_HEADER);
        GatewayError error = GatewayError.serviceUnavailable("The audit log is unavailable; the request was not served.",
                "audit_unavailable");
        response.replace(503, MediaType.APPLICATION_JSON_VALUE, Json.bytes(error.envelope()));
        response.setHeader(REQUEST_ID_HEADER, requestId);
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
    }
}
