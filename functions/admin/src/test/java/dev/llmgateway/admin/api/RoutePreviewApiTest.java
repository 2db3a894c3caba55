package dev.llmgateway.admin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.admin.AdminApplication;
import dev.llmgateway.admin.console.ConsoleSessions;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** {@code GET /admin/routes/{model}/preview} over HTTP: bearer key or console session, its envelope errors, and route names with slashes. */
@SpringBootTest(classes = AdminApplication.class, properties = {"spring.config.name=admin", "ADMIN_API_KEY=" + RoutePreviewApiTest.ADMIN_KEY,
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration"})
@AutoConfigureMockMvc
class RoutePreviewApiTest {
    static final String ADMIN_KEY = "route-preview-admin-key";

    @Autowired
    MockMvc mvc;
    @Autowired
    ConsoleSessions sessions;

    MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    MockHttpServletResponse admin(MockHttpServletRequestBuilder request) throws Exception {
        return call(request.header("Authorization", "Bearer " + ADMIN_KEY));
    }

    void route(String model, String body) throws Exception {
        assertThat(admin(put("/admin/routes/" + model).contentType(MediaType.APPLICATION_JSON).content(body)).getStatus()).isEqualTo(200);
    }

    static JsonNode json(MockHttpServletResponse response) throws Exception {
        return Json.tree(response.getContentAsByteArray());
    }

    @Test
    void aWeightedRoutesPreviewGivesItsSharesAndSequenceAssumingHealthWithoutAGateway() throws Exception {
        route("preview-w", """
                {"strategy":"weighted","targets":[{"provider":"openai","model":"a","weight":3},{"provider":"ollama","model":"b","weight":1}]}""");
        MockHttpServletResponse response = admin(get("/admin/routes/preview-w/preview"));
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode preview = json(response);
        assertThat(preview.get("object").asText()).isEqualTo("route.preview");
        assertThat(preview.get("requests").asInt()).isEqualTo(20);
        assertThat(preview.get("sequence")).hasSize(20);
        assertThat(preview.get("targets").get(0).get("target").asText()).isEqualTo("openai/a");
        assertThat(preview.get("targets").get(0).get("count").asInt()).isEqualTo(15);
        assertThat(preview.get("targets").get(1).get("expected_share").asDouble()).isEqualTo(0.25);
        // no gateway in this process: no breaker state to read, and the answer says so
        assertThat(preview.get("health").get("live").asBoolean()).isFalse();
        assertThat(preview.get("health").get("source").asText()).contains("assumed healthy");

        assertThat(json(admin(get("/admin/routes/preview-w/preview?requests=8"))).get("sequence")).hasSize(8);
    }

    @Test
    void theConsoleSessionMayReadItAndNobodyElse() throws Exception {
        route("preview-s", """
                {"targets":[{"provider":"openai","model":"a"}]}""");
        assertThat(call(get("/admin/routes/preview-s/preview")).getStatus()).isEqualTo(401);
        Cookie session = new Cookie(ConsoleSessions.COOKIE, sessions.create().token());
        MockHttpServletResponse viaConsole = call(get("/admin/routes/preview-s/preview").cookie(session));
        assertThat(viaConsole.getStatus()).isEqualTo(200);
        assertThat(json(viaConsole).get("sequence").get(0).get("target").asText()).isEqualTo("openai/a");
    }

    @Test
    void anUnknownRouteIs404AndABadCountIs400InTheEnvelope() throws Exception {
        MockHttpServletResponse missing = admin(get("/admin/routes/no-such-route/preview"));
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(json(missing).get("error").get("code").asText()).isEqualTo("not_found");
        assertThat(json(missing).get("error").get("message").asText()).contains("no-such-route");

        route("preview-n", """
                {"targets":[{"provider":"openai","model":"a"}]}""");
        for (String bad : new String[] {"0", "1001", "many"}) {
            MockHttpServletResponse response = admin(get("/admin/routes/preview-n/preview?requests=" + bad));
            assertThat(response.getStatus()).as(bad).isEqualTo(400);
            assertThat(json(response).get("error").get("param").asText()).isEqualTo("requests");
        }
    }

    @Test
    void routeNamesWithSlashesArePreviewedAndARouteCalledPreviewKeepsItsPath() throws Exception {
        route("ollama/llama3.2", """
                {"targets":[{"provider":"ollama","model":"llama3.2"}]}""");
        assertThat(json(admin(get("/admin/routes/ollama/llama3.2/preview"))).get("model").asText()).isEqualTo("ollama/llama3.2");
        route("team/preview", """
                {"targets":[{"provider":"openai","model":"x"}]}""");
        JsonNode own = json(admin(get("/admin/routes/team/preview")));
        assertThat(own.has("object") && own.get("object").asText().equals("route.preview")).isFalse();
        assertThat(own.get("model").asText()).isEqualTo("team/preview");
    }
}
