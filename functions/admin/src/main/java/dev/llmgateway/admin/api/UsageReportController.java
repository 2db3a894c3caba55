package dev.llmgateway.admin.api;

import dev.llmgateway.core.admin.AdminApi;
import dev.llmgateway.core.ledger.UsageReport;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/usage}, the usage ledger export: HTTP mapping only; the work is {@link UsageReport}'s. */
@RestController
class UsageReportController {
    private final AdminApi admin;
    private final UsageReport report;

    UsageReportController(AdminApi admin, UsageReport report) {
        this.admin = admin;
        this.report = report;
    }

    @GetMapping("/admin/usage")
    ResponseEntity<byte[]> usage(HttpServletRequest http) {
        admin.authorize(http.getHeader(HttpHeaders.AUTHORIZATION));
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        http.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        UsageReport.Export export = report.get(parameters);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, export.contentType()).body(export.body());
    }
}
