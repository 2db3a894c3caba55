package dev.llmgateway.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.admin.AdminApi;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.audit.AuditItem;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.audit.AuditPage;
import dev.llmgateway.core.audit.AuditQuery;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/audit}: search the log (tenant, time range, status, model, request id, kind; pages of
 * {@code limit} with an opaque {@code next} cursor), verify it (whole, or one tenant's chains) and
 * export it as JSON Lines. Guarded by the admin key like the rest of {@code /admin}; each call is
 * itself audited by {@link AuditFilter}.
 */
@RestController
@RequestMapping("/admin/audit")
class AuditAdminController {
    private final AdminApi admin;
    private final AuditLog audit;

    AuditAdminController(AdminApi admin, AuditLog audit) {
        this.admin = admin;
        this.audit = audit;
    }

    @ModelAttribute
    void authorize(HttpServletRequest http) {
        admin.authorize(http.getHeader(HttpHeaders.AUTHORIZATION));
    }

    @GetMapping
    ResponseEntity<byte[]> search(@RequestParam(required = false) String tenant, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to, @RequestParam(required = false) String status,
                                 @RequestParam(name = "model", required = false) String model,
                                 @RequestParam(name = "request_id", required = false) String requestId,
                                 @RequestParam(required = false) String kind, @RequestParam(required = false) String limit,
                                 @RequestParam(required = false) String cursor) {
        AuditPage page = audit.query(parse(tenant, from, to, status, model, requestId, kind, limit, cursor));
        ObjectNode out = Json.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (AuditItem item : page.items()) {
            ObjectNode record = (ObjectNode) Json.tree(item.text());
            record.put("mac", item.mac());
            data.add(record);
        }
        out.put("next", page.next());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.bytes(out));
    }

    @GetMapping("/verify")
    ResponseEntity<byte[]> verify(@RequestParam(required = false) String tenant) {
        if (tenant != null && !Tenant.validId(tenant)) throw bad("Invalid 'tenant'.", "tenant");
        var result = tenant == null ? audit.verifyAll() : audit.verifyTenant(tenant);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.bytes(result.toTree()));
    }

    @GetMapping("/export")
    void export(@RequestParam String tenant, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        AuditQuery query = parse(tenant, from, to, null, null, null, null, Integer.toString(AuditQuery.MAX_LIMIT), null);
        response.setContentType("application/x-ndjson");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        audit.export(query, out);
        out.flush();
    }

    private static AuditQuery parse(String tenant, String from, String to, String status, String model, String requestId,
                                    String kind, String limit, String cursor) {
        if (tenant != null && !Tenant.validId(tenant)) throw bad("Invalid 'tenant'.", "tenant");
        return new AuditQuery(tenant, instant(from, "from"), instant(to, "to"), integer(status, "status", null),
                model, requestId, kind, integer(limit, "limit", 100), cursor);
    }

    private static Instant instant(String value, String param) {
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad("Invalid '" + param + "': an ISO-8601 instant such as 2026-12-01T00:00:00Z.", param);
        }
    }

    private static Integer integer(String value, String param, Integer fallback) {
        if (value == null) return fallback;
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw bad("Invalid '" + param + "': an integer.", param);
        }
    }

    private static GatewayError bad(String message, String param) {
        return GatewayError.invalidRequest(message, param, "invalid_query");
    }
}
