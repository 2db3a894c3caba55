package dev.llmgateway.admin.console;

import dev.llmgateway.core.admin.AdminApi;
import dev.llmgateway.core.api.GatewayError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's pages, server-rendered from the templates in {@code console/}: each page is the layout
 * with its body and the session's CSRF token; the page's behaviour is {@code console.js}, loaded from
 * this origin. Login with the admin key starts a session (an HttpOnly, SameSite=Strict cookie, Secure
 * on https); logout ends it.
 */
@RestController
class ConsoleController {
    /** The pages, in the order of the navigation. */
    static final Map<String, String> PAGES = new java.util.LinkedHashMap<>();
    static {
        PAGES.put("overview", "Overview");
        PAGES.put("tenants", "Tenants & keys");
        PAGES.put("routes", "Routes");
        PAGES.put("guardrails", "Guardrails");
        PAGES.put("audit", "Audit log");
        PAGES.put("providers", "Providers");
        PAGES.put("playground", "Playground");
    }
    static final String LOGIN_COOKIE = "console_login";

    private final AdminApi admin;
    private final ConsoleSessions sessions;

    ConsoleController(AdminApi admin, ConsoleSessions sessions) {
        this.admin = admin;
        this.sessions = sessions;
    }

    @GetMapping({"/", "/console", "/console/"})
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, "/console/overview").build();
    }

    @GetMapping("/console/{page}")
    ResponseEntity<String> page(@PathVariable String page, HttpServletRequest request) {
        String title = PAGES.get(page);
        if (title == null) throw GatewayError.notFound("Unknown console page.");
        ConsoleSessions.Session session = (ConsoleSessions.Session) request.getAttribute(ConsoleFilter.SESSION);
        StringBuilder nav = new StringBuilder();
        PAGES.forEach((id, name) -> nav.append("<a href=\"/console/").append(id).append('"')
                .append(id.equals(page) ? " class=\"current\" aria-current=\"page\"" : "").append('>').append(escape(name)).append("</a>"));
        String html = template("layout").replace("{{title}}", escape(title)).replace("{{page}}", page)
                .replace("{{nav}}", nav).replace("{{csrf}}", session.csrf()).replace("{{body}}", template("pages/" + page));
        return html(HttpStatus.OK, html);
    }

    @GetMapping("/console/login")
    ResponseEntity<String> loginPage(HttpServletRequest request) {
        return login(request, HttpStatus.OK, "");
    }

    @PostMapping(value = "/console/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> login(HttpServletRequest request, @RequestParam(name = "key", defaultValue = "") String key,
                                 @RequestParam(name = "login_csrf", defaultValue = "") String loginCsrf) {
        String expected = ConsoleFilter.cookie(request, LOGIN_COOKIE);
        if (expected == null || !expected.equals(loginCsrf)) return login(request, HttpStatus.FORBIDDEN, "The login form expired: try again.");
        try {
            admin.authorize("Bearer " + key);
        } catch (GatewayError e) {
            return login(request, HttpStatus.UNAUTHORIZED, "That is not the admin key.");
        }
        ConsoleSessions.Session session = sessions.create();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, "/console/overview")
                .header(HttpHeaders.SET_COOKIE, cookie(request, ConsoleSessions.COOKIE, session.token(), -1))
                .header(HttpHeaders.SET_COOKIE, cookie(request, LOGIN_COOKIE, "", 0)).build();
    }

    @PostMapping("/console/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        sessions.end(ConsoleFilter.cookie(request, ConsoleSessions.COOKIE));
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, "/console/login")
                .header(HttpHeaders.SET_COOKIE, cookie(request, ConsoleSessions.COOKIE, "", 0)).build();
    }

    private ResponseEntity<String> login(HttpServletRequest request, HttpStatus status, String error) {
        String nonce = ConsoleSessions.random();
        String html = template("login").replace("{{login_csrf}}", nonce)
                .replace("{{error}}", error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>");
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.SET_COOKIE, cookie(request, LOGIN_COOKIE, nonce, -1)).body(html);
    }

    /** HttpOnly and SameSite=Strict always; Secure when the console is reached over https. {@code maxAge} 0 deletes it. */
    static String cookie(HttpServletRequest request, String name, String value, int maxAge) {
        boolean https = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    private static ResponseEntity<String> html(HttpStatus status, String html) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    static String template(String name) {
        try (InputStream in = ConsoleController.class.getResourceAsStream("/console/" + name + ".html")) {
            if (in == null) throw new IllegalStateException("missing console template " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static List<String> pages() {
        return List.copyOf(PAGES.keySet());
    }
}
