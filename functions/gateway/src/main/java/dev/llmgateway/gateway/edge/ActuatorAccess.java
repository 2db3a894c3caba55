package dev.llmgateway.gateway.edge;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read {@code /actuator}: health (liveness, readiness) is open to all, since load balancers
 * and the Lambda Web Adapter probe it without credentials. Everything else there (the Prometheus
 * scrape carries tenant ids and cost per tenant) needs {@code Authorization: Bearer
 * <METRICS_SCRAPE_TOKEN>} when that token is set, and is closed when gateway keys are required
 * ({@code GATEWAY_AUTH=keys}) but no scrape token is set. Locally, with open auth and no token, it is open.
 */
public final class ActuatorAccess extends OncePerRequestFilter {
    static final String TOKEN_VARIABLE = "METRICS_SCRAPE_TOKEN";

    private final byte[] token;
    private final boolean openWithoutToken;

    /** {@code token} null or blank: no scrape credential; {@code openWithoutToken}: the gateway runs with open auth. */
    public ActuatorAccess(String token, boolean openWithoutToken) {
        this.token = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.openWithoutToken = openWithoutToken;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The decoded, normalised path Tomcat mapped: the raw URI could dress /actuator/prometheus as /actuator/health/../prometheus.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals("/actuator") || path.startsWith("/actuator/"))
                || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (allowed(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        GatewayError error = GatewayError.unauthorized(token == null
                ? "This endpoint is closed: set " + TOKEN_VARIABLE + " to allow scraping with that bearer token."
                : "This endpoint needs the metrics scrape token as a bearer token.");
        byte[] body = Json.bytes(error.envelope());
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private boolean allowed(String authorization) {
        if (token == null) return openWithoutToken;
        return authorization != null
                && MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8)); // constant time
    }
}
