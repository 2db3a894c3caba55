package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.llmgateway.admin.AdminApplication;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** The console's security at the HTTP level: login, cookie flags, CSRF, the policy header, logout, and the bearer API beside it. */
@SpringBootTest(classes = AdminApplication.class, properties = {"spring.config.name=admin", "ADMIN_API_KEY=" + ConsoleHttpTest.ADMIN_KEY,
        // MockMvc needs no server; the serverless container's stand-in for one is for Lambda.
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration"})
@AutoConfigureMockMvc
class ConsoleHttpTest {
    static final String ADMIN_KEY = "console-http-admin-key";

    @Autowired
    MockMvc mvc;

    Cookie login(boolean https) throws Exception {
        return login(mvc, https);
    }

    /** Logs in as a browser would: the form's nonce from the login page's cookie, then the key. */
    static Cookie login(MockMvc mvc, boolean https) throws Exception {
        MockHttpServletResponse page = mvc.perform(get("/console/login")).andReturn().getResponse();
        Matcher nonce = Pattern.compile("name=\"login_csrf\" value=\"([^\"]+)\"").matcher(page.getContentAsString());
        assertThat(nonce.find()).isTrue();
        MockHttpServletResponse done = mvc.perform(post("/console/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Forwarded-Proto", https ? "https" : "http")
                .cookie(new Cookie(ConsoleController.LOGIN_COOKIE, nonce.group(1)))
                .param("login_csrf", nonce.group(1)).param("key", ADMIN_KEY)).andReturn().getResponse();
        assertThat(done.getStatus()).isEqualTo(303);
        assertThat(done.getHeader("Location")).isEqualTo("/console/overview");
        String set = done.getHeaders("Set-Cookie").stream().filter(c -> c.startsWith(ConsoleSessions.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(set).contains("HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(set.contains("Secure")).isEqualTo(https);
        return new Cookie(ConsoleSessions.COOKIE, set.substring(set.indexOf('=') + 1, set.indexOf(';')));
    }

    String csrf(Cookie session) throws Exception {
        String html = mvc.perform(get("/console/overview").cookie(session)).andReturn().getResponse().getContentAsString();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void pagesNeedASessionAndCarryAStrictPolicy() throws Exception {
        MockHttpServletResponse anonymous = mvc.perform(get("/console/overview")).andReturn().getResponse();
        assertThat(anonymous.getStatus()).isEqualTo(302);
        assertThat(anonymous.getRedirectedUrl()).isEqualTo("/console/login");
        assertThat(mvc.perform(get("/console/api/overview")).andReturn().getResponse().getStatus()).isEqualTo(401);

        Cookie session = login(false);
        for (String page : ConsoleController.pages()) {
            MockHttpServletResponse r = mvc.perform(get("/console/" + page).cookie(session)).andReturn().getResponse();
            assertThat(r.getStatus()).as(page).isEqualTo(200);
            String csp = r.getHeader("Content-Security-Policy");
            assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            // No inline script: every <script> names a file of this origin, and no element has an on* handler.
            String html = r.getContentAsString();
            assertThat(Pattern.compile("<script(?![^>]*\\bsrc=\"/)").matcher(html).find()).as(page + " inline script").isFalse();
            assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).as(page + " inline handler").isFalse();
            assertThat(html).doesNotContain(ADMIN_KEY);
        }
    }

    @Test
    void aWrongKeyStartsNoSession() throws Exception {
        MockHttpServletResponse page = mvc.perform(get("/console/login")).andReturn().getResponse();
        Matcher nonce = Pattern.compile("name=\"login_csrf\" value=\"([^\"]+)\"").matcher(page.getContentAsString());
        assertThat(nonce.find()).isTrue();
        MockHttpServletResponse r = mvc.perform(post("/console/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .cookie(new Cookie(ConsoleController.LOGIN_COOKIE, nonce.group(1))).param("login_csrf", nonce.group(1))
                .param("key", "wrong")).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(r.getHeaders("Set-Cookie")).noneMatch(c -> c.startsWith(ConsoleSessions.COOKIE + "="));
        // A login post without the form's own nonce (another site's form) is refused before the key is looked at.
        MockHttpServletResponse forged = mvc.perform(post("/console/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("login_csrf", "guess").param("key", ADMIN_KEY)).andReturn().getResponse();
        assertThat(forged.getStatus()).isEqualTo(403);
    }

    @Test
    void theSessionCookieIsSecureOverHttps() throws Exception {
        login(true);
    }

    @Test
    void aSessionChangesStateOnlyWithItsCsrfToken() throws Exception {
        Cookie session = login(false);
        MockHttpServletResponse without = mvc.perform(post("/admin/tenants").cookie(session).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"csrf-a\",\"name\":\"A\"}")).andReturn().getResponse();
        assertThat(without.getStatus()).isEqualTo(403);
        assertThat(Json.tree(without.getContentAsString()).at("/error/code").asText()).isEqualTo("csrf_token_invalid");
        MockHttpServletResponse wrong = mvc.perform(post("/admin/tenants").cookie(session).header(ConsoleFilter.CSRF_HEADER, "nope")
                .contentType(MediaType.APPLICATION_JSON).content("{\"id\":\"csrf-b\",\"name\":\"B\"}")).andReturn().getResponse();
        assertThat(wrong.getStatus()).isEqualTo(403);
        MockHttpServletResponse with = mvc.perform(post("/admin/tenants").cookie(session).header(ConsoleFilter.CSRF_HEADER, csrf(session))
                .contentType(MediaType.APPLICATION_JSON).content("{\"id\":\"csrf-c\",\"name\":\"C\"}")).andReturn().getResponse();
        assertThat(with.getStatus()).isEqualTo(201);
        // Reads need no token; and the bearer admin key keeps working for automation, no session or token involved.
        assertThat(mvc.perform(get("/admin/tenants").cookie(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(post("/admin/tenants").header("Authorization", "Bearer " + ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"csrf-d\",\"name\":\"D\"}")).andReturn().getResponse().getStatus()).isEqualTo(201);
        // Without a session, /admin stays the bearer API: 401.
        assertThat(mvc.perform(get("/admin/tenants")).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void logoutNeedsTheTokenAndEndsTheSession() throws Exception {
        Cookie session = login(false);
        assertThat(mvc.perform(post("/console/logout").cookie(session)).andReturn().getResponse().getStatus()).isEqualTo(403);
        MockHttpServletResponse out = mvc.perform(post("/console/logout").cookie(session).param("csrf", csrf(session)))
                .andReturn().getResponse();
        assertThat(out.getStatus()).isEqualTo(303);
        assertThat(out.getHeaders("Set-Cookie")).anyMatch(c -> c.startsWith(ConsoleSessions.COOKIE + "=;") && c.contains("Max-Age=0"));
        assertThat(mvc.perform(get("/console/overview").cookie(session)).andReturn().getResponse().getStatus()).isEqualTo(302);
        assertThat(mvc.perform(get("/admin/tenants").cookie(session)).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void theOverviewSaysWhereItsNumbersComeFrom() throws Exception {
        Cookie session = login(false);
        String body = mvc.perform(get("/console/api/overview").cookie(session)).andReturn().getResponse().getContentAsString();
        assertThat(Json.tree(body).path("source").asText()).isEqualTo(TrafficSource.NONE.description());
        assertThat(Json.tree(body).at("/cost/today_usd").asDouble()).isZero();
        assertThat(Json.tree(body).at("/traffic/requests").asLong()).isZero();
    }
}
