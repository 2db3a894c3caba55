package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

/**
 * The console as deployed, knowing the gateway only by its URL: the playground page calls that URL
 * itself (so the answer streams), the policy lets the pages connect to exactly that origin, and the
 * console passes no playground request on.
 */
@SpringBootTest(classes = AdminApplication.class, properties = {"spring.config.name=admin", "ADMIN_API_KEY=" + ConsoleHttpTest.ADMIN_KEY,
        "GATEWAY_URL=" + ConsoleDirectPlaygroundTest.GATEWAY_URL,
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration"})
@AutoConfigureMockMvc
class ConsoleDirectPlaygroundTest {
    /** As the template's GetAtt gives it: with a trailing slash. */
    static final String GATEWAY_URL = "https://abcdefghij0123456789.lambda-url.us-east-1.on.aws/";
    static final String ORIGIN = "https://abcdefghij0123456789.lambda-url.us-east-1.on.aws";

    @Autowired
    MockMvc mvc;

    @Test
    void everyPageMayConnectToItselfAndToTheGatewaysOriginOnly() throws Exception {
        Cookie session = ConsoleHttpTest.login(mvc, true);
        for (String page : ConsoleController.pages()) {
            String csp = mvc.perform(get("/console/" + page).cookie(session)).andReturn().getResponse().getHeader("Content-Security-Policy");
            assertThat(csp).as(page).contains("connect-src 'self' " + ORIGIN + ";").contains("script-src 'self';")
                    .doesNotContain("unsafe-inline");
        }
        String login = mvc.perform(get("/console/login")).andReturn().getResponse().getHeader("Content-Security-Policy");
        assertThat(login).isEqualTo(ConsoleFilter.policy(ORIGIN));
    }

    @Test
    void thePlaygroundPageNamesTheGatewayAndTheConsolePassesNothingOn() throws Exception {
        Cookie session = ConsoleHttpTest.login(mvc, true);
        MockHttpServletResponse page = mvc.perform(get("/console/playground").cookie(session)).andReturn().getResponse();
        Matcher form = Pattern.compile("<form id=\"playground-form\"[^>]*data-gateway=\"([^\"]*)\"").matcher(page.getContentAsString());
        assertThat(form.find()).isTrue();
        assertThat(form.group(1)).isEqualTo(ORIGIN); // the base URL, its trailing slash dropped
        String csrf = csrf(page.getContentAsString());
        MockHttpServletResponse passed = mvc.perform(post("/console/api/playground").cookie(session).header(ConsoleFilter.CSRF_HEADER, csrf)
                .contentType(MediaType.APPLICATION_JSON).content("{\"model\":\"m\",\"message\":\"hi\",\"key\":\"sk-gw-x\"}"))
                .andReturn().getResponse();
        assertThat(passed.getStatus()).isEqualTo(404);
        assertThat(Json.tree(passed.getContentAsString()).at("/error/message").asText()).contains("calls the gateway");
    }

    @Test
    void aGatewayUrlThatIsNotAnHttpUrlIsRefusedBeforeItReachesThePolicy() {
        for (String bad : new String[] {"javascript:alert(1)", "https://a.example; script-src *", "ftp://a.example", "https://a.example/?q=1"}) {
            assertThatThrownBy(() -> ConsoleConfiguration.GatewayUrl.of(bad, true)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GATEWAY_URL");
        }
        assertThat(ConsoleConfiguration.GatewayUrl.of("http://localhost:8080/", true).origin()).isEqualTo("http://localhost:8080");
        assertThat(ConsoleConfiguration.GatewayUrl.of("http://localhost:8080", false).origin()).as("passed on: no other origin").isNull();
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
