package dev.llmgateway.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.audit.Records;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.gateway.edge.RequestIds;
import dev.llmgateway.gateway.metrics.RequestMeter;
import dev.llmgateway.gateway.metrics.RequestMeteringFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one audit record per API request ({@code /v1/...}) and per admin call ({@code /admin/...}),
 * refused ones included, and makes it durable before the response completes: a buffered body is held
 * until its record is stored; a stream's record is stored after its last byte but before the
 * response is closed. If the store fails: {@code fail-closed} answers 503 where the body is still held
 * and refuses further requests until a record lands again; {@code fail-open} serves and counts
 * {@code gateway_audit_write_failures_total}. Runs inside the metering filter, so its meter is there.
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

    public AuditFilter(AuditLog audit, ApiKeys keys, StoreFailureMode failureMode, Clock clock, MeterRegistry registry) {
        this.audit = audit;
        this.keys = keys;
        this.failureMode = failureMode;
        this.clock = clock;
        this.writeFailures = Counter.builder("gateway.audit.write.failures")
                .description("Audit records that could not be stored").register(registry);
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
        return !(path.startsWith("/v1/") || path.equals("/admin") || path.startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestMeter meter = RequestMeteringFilter.current(request);
        String requestId = meter != null ? meter.requestId() : RequestIds.of(request.getHeader(REQUEST_ID_HEADER));
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
            ObjectNode record = RequestRecord.of(request, hashing, audited, meter, keys,
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
