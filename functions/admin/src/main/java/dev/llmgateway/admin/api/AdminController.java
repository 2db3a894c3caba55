package dev.llmgateway.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.admin.AdminApi;
import dev.llmgateway.core.admin.RoutePreviews;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.shared.audit.AuditFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The control plane under {@code /admin} of the local server, guarded by {@code ADMIN_API_KEY}:
 * HTTP mapping only; the work is done by the framework-free {@link AdminApi}. Route names may
 * contain slashes ({@code ollama/llama3.2}), so route paths capture the rest of the URL. Each change
 * first hands the audit record the state it replaces ({@link AuditFilter#before}).
 */
@RestController
@RequestMapping("/admin")
class AdminController {
    private static final long MAX_BODY = 1024 * 1024;
    private final AdminApi admin;
    private final RoutePreviews previews;

    AdminController(AdminApi admin, RoutePreviews previews) {
        this.admin = admin;
        this.previews = previews;
    }

    /** Runs before every handler of this controller: each admin call needs the admin key. */
    @ModelAttribute
    void authorize(HttpServletRequest http) {
        admin.authorize(auth(http));
    }

    @GetMapping("/routes")
    ResponseEntity<byte[]> routes() {
        return ok(admin.listRoutes());
    }

    @PostMapping("/routes")
    ResponseEntity<byte[]> createRoute(HttpServletRequest http) throws IOException {
        return created(admin.putRoute(null, body(http)));
    }

    /** A route, or with {@code /preview} after its name where its next requests would go ({@link RoutePreviews}). */
    @GetMapping("/routes/{*model}")
    ResponseEntity<byte[]> route(@PathVariable String model, @RequestParam(name = "requests", required = false) String requests) {
        String name = strip(model);
        return ok(previews.isPreview(name) ? previews.preview(name, requests) : admin.getRoute(name));
    }

    @PutMapping("/routes/{*model}")
    ResponseEntity<byte[]> putRoute(HttpServletRequest http, @PathVariable String model) throws IOException {
        AuditFilter.before(http, () -> admin.getRoute(strip(model)));
        return ok(admin.putRoute(strip(model), body(http)));
    }

    @DeleteMapping("/routes/{*model}")
    ResponseEntity<byte[]> deleteRoute(HttpServletRequest http, @PathVariable String model) {
        AuditFilter.before(http, () -> admin.getRoute(strip(model)));
        return ok(admin.deleteRoute(strip(model)));
    }

    @GetMapping("/tenants")
    ResponseEntity<byte[]> tenants() {
        return ok(admin.listTenants());
    }

    @PostMapping("/tenants")
    ResponseEntity<byte[]> createTenant(HttpServletRequest http) throws IOException {
        return created(admin.createTenant(body(http)));
    }

    @GetMapping("/tenants/{id}")
    ResponseEntity<byte[]> tenant(@PathVariable String id) {
        return ok(admin.getTenant(id));
    }

    @PutMapping("/tenants/{id}")
    ResponseEntity<byte[]> putTenant(HttpServletRequest http, @PathVariable String id) throws IOException {
        AuditFilter.before(http, () -> admin.getTenant(id));
        return ok(admin.putTenant(id, body(http)));
    }

    @DeleteMapping("/tenants/{id}")
    ResponseEntity<byte[]> deleteTenant(HttpServletRequest http, @PathVariable String id) {
        AuditFilter.before(http, () -> admin.getTenant(id));
        return ok(admin.deleteTenant(id));
    }

    @PutMapping("/tenants/{id}/budget")
    ResponseEntity<byte[]> putBudget(HttpServletRequest http, @PathVariable String id) throws IOException {
        AuditFilter.before(http, () -> admin.getTenant(id));
        return ok(admin.putBudget(id, body(http)));
    }

    @DeleteMapping("/tenants/{id}/budget")
    ResponseEntity<byte[]> deleteBudget(HttpServletRequest http, @PathVariable String id) {
        AuditFilter.before(http, () -> admin.getTenant(id));
        return ok(admin.deleteBudget(id));
    }

    @GetMapping("/tenants/{id}/usage")
    ResponseEntity<byte[]> usage(@PathVariable String id) {
        return ok(admin.usage(id));
    }

    @GetMapping("/tenants/{id}/keys")
    ResponseEntity<byte[]> keys(@PathVariable String id) {
        return ok(admin.listKeys(id));
    }

    @PostMapping("/tenants/{id}/keys")
    ResponseEntity<byte[]> createKey(HttpServletRequest http, @PathVariable String id) throws IOException {
        return created(admin.createKey(id, body(http)));
    }

    @GetMapping("/tenants/{id}/keys/{keyId}")
    ResponseEntity<byte[]> key(@PathVariable String id, @PathVariable String keyId) {
        return ok(admin.getKey(id, keyId));
    }

    @PatchMapping("/tenants/{id}/keys/{keyId}")
    ResponseEntity<byte[]> updateKey(HttpServletRequest http, @PathVariable String id, @PathVariable String keyId) throws IOException {
        return ok(admin.updateKey(id, keyId, body(http)));
    }

    @PostMapping("/tenants/{id}/keys/{keyId}/rotate")
    ResponseEntity<byte[]> rotateKey(HttpServletRequest http, @PathVariable String id, @PathVariable String keyId) throws IOException {
        return created(admin.rotateKey(id, keyId, body(http)));
    }

    @DeleteMapping("/tenants/{id}/keys/{keyId}")
    ResponseEntity<byte[]> deleteKey(HttpServletRequest http, @PathVariable String id, @PathVariable String keyId) {
        AuditFilter.before(http, () -> admin.listKeys(id));
        return ok(admin.deleteKey(id, keyId));
    }

    @GetMapping("/tenants/{id}/teams")
    ResponseEntity<byte[]> teams(@PathVariable String id) {
        return ok(admin.listTeams(id));
    }

    @GetMapping("/tenants/{id}/teams/{teamId}")
    ResponseEntity<byte[]> team(@PathVariable String id, @PathVariable String teamId) {
        return ok(admin.getTeam(id, teamId));
    }

    @PutMapping("/tenants/{id}/teams/{teamId}")
    ResponseEntity<byte[]> putTeam(HttpServletRequest http, @PathVariable String id, @PathVariable String teamId) throws IOException {
        AuditFilter.before(http, () -> admin.getTeam(id, teamId));
        return ok(admin.putTeam(id, teamId, body(http)));
    }

    @DeleteMapping("/tenants/{id}/teams/{teamId}")
    ResponseEntity<byte[]> deleteTeam(HttpServletRequest http, @PathVariable String id, @PathVariable String teamId) {
        AuditFilter.before(http, () -> admin.getTeam(id, teamId));
        return ok(admin.deleteTeam(id, teamId));
    }

    private static String auth(HttpServletRequest http) {
        return http.getHeader(HttpHeaders.AUTHORIZATION);
    }

    private static String strip(String captured) {
        return captured.startsWith("/") ? captured.substring(1) : captured;
    }

    static byte[] body(HttpServletRequest http) throws IOException {
        byte[] bytes = http.getInputStream().readNBytes((int) MAX_BODY + 1);
        if (bytes.length > MAX_BODY) throw dev.llmgateway.core.api.GatewayError.tooLarge(MAX_BODY);
        return bytes;
    }

    static ResponseEntity<byte[]> ok(ObjectNode json) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.bytes(json));
    }

    static ResponseEntity<byte[]> created(ObjectNode json) {
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(Json.bytes(json));
    }
}
