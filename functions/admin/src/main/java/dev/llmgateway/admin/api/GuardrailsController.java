package dev.llmgateway.admin.api;

import static dev.llmgateway.admin.api.AdminController.body;
import static dev.llmgateway.admin.api.AdminController.created;
import static dev.llmgateway.admin.api.AdminController.ok;

import dev.llmgateway.core.admin.AdminApi;
import dev.llmgateway.core.admin.GuardrailAdmin;
import dev.llmgateway.shared.audit.AuditFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/guardrails}: HTTP mapping only; the work is {@link GuardrailAdmin}'s, the admin key {@link AdminApi}'s. */
@RestController
@RequestMapping("/admin/guardrails")
class GuardrailsController {
    private final AdminApi admin;
    private final GuardrailAdmin guardrails;

    GuardrailsController(AdminApi admin, GuardrailAdmin guardrails) {
        this.admin = admin;
        this.guardrails = guardrails;
    }

    @ModelAttribute
    void authorize(HttpServletRequest http) {
        admin.authorize(http.getHeader(HttpHeaders.AUTHORIZATION));
    }

    @GetMapping
    ResponseEntity<byte[]> list() {
        return ok(guardrails.list());
    }

    @PostMapping
    ResponseEntity<byte[]> create(HttpServletRequest http) throws IOException {
        return created(guardrails.create(body(http)));
    }

    @GetMapping("/{id}")
    ResponseEntity<byte[]> get(@PathVariable String id) {
        return ok(guardrails.get(id));
    }

    @PutMapping("/{id}")
    ResponseEntity<byte[]> put(HttpServletRequest http, @PathVariable String id) throws IOException {
        AuditFilter.before(http, () -> guardrails.get(id));
        return ok(guardrails.put(id, body(http)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<byte[]> delete(HttpServletRequest http, @PathVariable String id) {
        AuditFilter.before(http, () -> guardrails.get(id));
        return ok(guardrails.delete(id));
    }
}
