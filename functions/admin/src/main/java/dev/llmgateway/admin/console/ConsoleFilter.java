package dev.llmgateway.admin.console;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's guard. Pages and {@code /console/api} need a session (else the login page, or 401);
 * a browser's {@code /admin} call is made with the session instead of the admin key, and any of its
 * state-changing requests without the session's CSRF token ({@code X-CSRF-Token}) gets 403. The JSON
 * API keeps taking the bearer admin key for automation, untouched. Console responses carry a strict
 * Content-Security-Policy: scripts and styles from this origin only, nothing inline, no framing, and
 * connections to this origin and, deployed, the gateway's (the playground's direct call).
 */
public final class ConsoleFilter extends OncePerRequestFilter {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Request attribute: the session of a console request. */
    public static final String SESSION = ConsoleFilter.class.getName() + ".session";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final ConsoleSessions sessions;
    private final String adminKey;
    private final String policy;

    /** {@code gatewayOrigin}: the one other origin the pages may connect to (the playground's gateway), or null. */
    public ConsoleFilter(ConsoleSessions sessions, String adminKey, String gatewayOrigin) {
        this.sessions = sessions;
        this.adminKey = adminKey;
        this.policy = policy(gatewayOrigin);
    }

    static String policy(String gatewayOrigin) {
        return gatewayOrigin == null ? CSP : CSP.replace("connect-src 'self';", "connect-src 'self' " + gatewayOrigin + ";");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean console = path.equals("/") || path.equals("/console") || path.startsWith("/console/");
        if (console) headers(response);
        Optional<ConsoleSessions.Session> session = sessions.find(cookie(request, ConsoleSessions.COOKIE));
        session.ifPresent(s -> request.setAttribute(SESSION, s));
        boolean unsafe = !SAFE.contains(request.getMethod());
        if (path.startsWith("/admin") && request.getHeader(HttpHeaders.AUTHORIZATION) == null && session.isPresent()) {
            if (unsafe && !csrfMatches(request, session.get())) {
                reject(response, 403, GatewayError.protocol(403, "Missing or wrong CSRF token.", "csrf_token_invalid"));
                return;
            }
            chain.doFilter(adminKey == null ? request : new WithAdminKey(request, adminKey), response);
            return;
        }
        if (console && !open(path)) {
            if (session.isEmpty()) {
                if (path.startsWith("/console/api/") || unsafe) {
                    reject(response, 401, GatewayError.unauthorized("Log in to the console first."));
                } else {
                    response.sendRedirect("/console/login");
                }
                return;
            }
            if (unsafe && !csrfMatches(request, session.get())) {
                reject(response, 403, GatewayError.protocol(403, "Missing or wrong CSRF token.", "csrf_token_invalid"));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The login page, its form and the static files need no session. */
    private static boolean open(String path) {
        return path.equals("/console/login") || path.startsWith("/console/assets/");
    }

    private void headers(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static boolean csrfMatches(HttpServletRequest request, ConsoleSessions.Session session) {
        String offered = request.getHeader(CSRF_HEADER);
        if (offered == null) offered = request.getParameter("csrf"); // the logout form
        return offered != null && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies) if (c.getName().equals(name)) return c.getValue();
        return null;
    }

    private static void reject(HttpServletResponse response, int status, GatewayError error) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.bytes(error.envelope()));
    }

    /** A console call to the JSON API, made as the admin: the admin key never reaches the browser. */
    private static final class WithAdminKey extends HttpServletRequestWrapper {
        private final String authorization;

        WithAdminKey(HttpServletRequest request, String adminKey) {
            super(request);
            this.authorization = "Bearer " + adminKey;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? Collections.enumeration(List.of(authorization)) : super.getHeaders(name);
        }
    }
}
