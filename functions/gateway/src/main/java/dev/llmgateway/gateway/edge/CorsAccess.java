package dev.llmgateway.gateway.edge;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-origin access for browser applications that call the API ({@code /v1/...}) directly: off
 * unless {@code GATEWAY_CORS_ALLOWED_ORIGINS} lists origins (or is {@code *}). Spring's processor
 * checks origin, method and headers; a preflight it accepts is answered here with 204, and every
 * refusal is a 403 in OpenAI's envelope (Spring's own is a plain-text line).
 */
public final class CorsAccess extends OncePerRequestFilter {
    static final String ORIGINS_VARIABLE = "GATEWAY_CORS_ALLOWED_ORIGINS";
    /** What the gateway adds that a browser application may want to read. */
    static final List<String> EXPOSED = List.of("X-Gateway-Provider", "X-Gateway-Model-Downgraded", "X-Gateway-Overhead-Ms",
            "X-Gateway-Max-Tokens-Bounded", "X-Gateway-Cache", "X-Gateway-Redactions", "Retry-After", "x-should-retry");

    private final CorsConfiguration config;
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            reject(response, "This origin, method or header is not allowed to call the gateway from a browser.");
        }
    };

    private CorsAccess(CorsConfiguration config) {
        this.config = config;
    }

    /** From a comma-separated origin list; null or blank turns cross-origin access off. */
    public static CorsAccess of(String origins) {
        if (origins == null || origins.isBlank()) return new CorsAccess(null);
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(Arrays.stream(origins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        config.setAllowedMethods(List.of("GET", "POST"));
        config.addAllowedHeader(CorsConfiguration.ALL); // the SDKs send their own (x-stainless-*, openai-beta, ...)
        config.setExposedHeaders(EXPOSED);
        config.setAllowCredentials(false); // keys travel in Authorization, never in cookies
        config.setMaxAge(Duration.ofMinutes(10));
        return new CorsAccess(config);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!CorsUtils.isCorsRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean preflight = CorsUtils.isPreFlightRequest(request);
        boolean api = request.getServletPath().startsWith("/v1/");
        if (config == null || !api) {
            // Off (or not the API): a preflight is refused; anything else goes on without allow headers, so the browser withholds it.
            if (preflight) {
                reject(new ServletServerHttpResponse(response), config == null
                        ? "Cross-origin requests are not enabled (" + ORIGINS_VARIABLE + ")."
                        : "Cross-origin requests are allowed only on the API (/v1/...).");
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        if (!processor.processRequest(config, request, response)) return; // refused, envelope written
        if (preflight) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void reject(ServerHttpResponse response, String message) throws IOException {
        byte[] body = Json.bytes(GatewayError.protocol(403, message, "cors_not_allowed").envelope());
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        response.getBody().write(body);
        response.flush();
    }
}
