package dev.llmgateway.shared.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.audit.Records;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * The data of one audit record (layout in docs/audit.md): a {@code request} record for the API, an
 * {@code admin} record for the control plane. Never the key (its hash, the id the admin API uses),
 * never content (no PII policy exists yet, so content opt-in stores nothing), and in admin records
 * never a secret (fields named in {@link #SECRET_FIELDS} are dropped). The API fields come from the
 * data plane's {@link ApiFacts}.
 */
final class RequestRecord {
    static final Set<String> SECRET_FIELDS = Set.of("key", "api_key", "secret", "password", "token", "pepper");
    private static final int MAX_HEADER = 256;
    private static final Pattern ADMIN_TENANT = Pattern.compile("/admin/tenants/([^/]+)");

    private RequestRecord() {}

    static ObjectNode of(HttpServletRequest request, HashingRequest body, AuditedResponse response, ApiFacts facts,
                         ApiKeys keys, String requestId, String time, long elapsedNanos) {
        String path = request.getRequestURI();
        boolean admin = path.startsWith("/admin");
        ObjectNode r = Json.object().put("type", admin ? Records.ADMIN : Records.REQUEST).put("request_id", requestId)
                .put("received_at", time);
        int status = facts == null ? response.getStatus() : facts.status(response.getStatus());
        String key = Authenticator.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        r.put(admin ? "admin_key_id" : "key_id", key == null ? null : keys.hash(key));
        r.put("tenant", admin ? adminTenant(path) : facts == null ? null : facts.tenant());
        r.put("source_ip", request.getRemoteAddr());
        r.put("forwarded_for", clip(request.getHeader("X-Forwarded-For")));
        r.put("method", request.getMethod());
        r.put("path", clip(path));
        r.put("status", status);
        r.put("error_code", errorCode(response, facts, status));
        r.put("latency_ms", elapsedNanos / 1_000_000.0);
        r.put("request_sha256", body.sha256Hex()).put("request_bytes", body.bytesRead());
        r.put("response_sha256", response.sha256Hex()).put("response_bytes", response.bytes());
        if (admin) {
            adminFields(r, request, response, status);
        } else if (facts != null) {
            facts.addTo(r, path);
        }
        return r;
    }

    private static void adminFields(ObjectNode r, HttpServletRequest request, AuditedResponse response, int status) {
        r.put("action", request.getMethod() + " " + clip(request.getRequestURI()));
        r.put("outcome", status < 400 ? "succeeded" : "failed");
        boolean change = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
        if (!change) return; // reads are recorded, their results are not copied into the log
        Object before = request.getAttribute(AuditFilter.BEFORE_ATTRIBUTE);
        r.set("before", before instanceof JsonNode node ? withoutSecrets(node) : Json.MAPPER.nullNode());
        JsonNode after = status < 400 && !response.streaming() ? parse(response.heldBody()) : null;
        r.set("after", after == null ? Json.MAPPER.nullNode() : withoutSecrets(after));
    }

    /** The tenant an admin call concerns ({@code /admin/tenants/<id>...}), so it shows in that tenant's records. */
    private static String adminTenant(String path) {
        Matcher m = ADMIN_TENANT.matcher(path);
        return m.lookingAt() && Tenant.validId(m.group(1)) ? m.group(1) : null;
    }

    /** The error code the client saw: from the error envelope of a held body, or the stream's failure. */
    private static String errorCode(AuditedResponse response, ApiFacts facts, int status) {
        if (status < 400) return null;
        if (facts != null && facts.errorCode() != null) return facts.errorCode();
        JsonNode body = response.streaming() ? null : parse(response.heldBody());
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || error.isMissingNode()) return null;
        JsonNode code = error.hasNonNull("code") ? error.get("code") : error.get("type");
        return code == null || code.isNull() ? null : clip(code.asText());
    }

    /** A copy with every field named like a secret removed, at any depth. */
    static JsonNode withoutSecrets(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (SECRET_FIELDS.contains(names.next())) names.remove();
            }
            object.forEach(RequestRecord::strip);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RequestRecord::strip);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) return null;
        try {
            return Json.tree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String clip(String value) {
        return value == null || value.length() <= MAX_HEADER ? value : value.substring(0, MAX_HEADER);
    }
}
