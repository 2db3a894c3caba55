package dev.llmgateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.admin.Beside;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import dev.llmgateway.gateway.GatewayApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console in a real browser (Debian's chromium and chromium-driver, driven by Selenium), against
 * the gateway and the console started as {@code bin/run-local} starts them, with a fake OpenAI behind
 * them and the official OpenAI SDK as the application. Screenshots of each page are saved to
 * {@code target/screenshots} ({@code bin/console-screenshots} copies them for the README). Without
 * chromium the tests are skipped, loudly; CI installs it and sets {@code CONSOLE_BROWSER_REQUIRED=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final String ADMIN_KEY = "admin-browser-key";
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final FakeUpstream OPENAI = new FakeUpstream();
    static final CountDownLatch STREAM_GATE = new CountDownLatch(1);
    static final AtomicBoolean GATE_OPENED_IN_TIME = new AtomicBoolean();

    static ConfigurableApplicationContext gateway;
    static ConfigurableApplicationContext console;
    static WebDriver browser;
    static Path profile;
    static String consoleUrl;
    static String gatewayUrl;
    static String key;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "CONSOLE BROWSER TESTS SKIPPED: no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + " (apt-get install chromium chromium-driver; .ci/run does)";
            if ("true".equals(System.getenv("CONSOLE_BROWSER_REQUIRED"))) throw new IllegalStateException(why);
            System.err.println("\n*** " + why + " ***\n");
            Assumptions.abort(why);
        }
        OPENAI.on("/v1/chat/completions", exchange -> {
            String body = new String((byte[]) exchange.getAttribute(FakeUpstream.BODY), java.nio.charset.StandardCharsets.UTF_8);
            if (body.contains("\"stream\":true")) {
                FakeUpstream.gatedStream("text/event-stream", FakeUpstream.events(Fixtures.text("openai/stream/upstream-stream.txt"), "\n\n"),
                        2, STREAM_GATE, GATE_OPENED_IN_TIME).answer(exchange);
            } else {
                FakeUpstream.json(200, Fixtures.text("openai/plain/upstream-response.json")).answer(exchange);
            }
        });
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
                "--OPENAI_API_KEY=sk-upstream-test", "--OPENAI_BASE_URL=" + OPENAI.baseUrl() + "/v1", "--OLLAMA_ENABLED=false",
                "--GATEWAY_AUTH=keys", "--ADMIN_API_KEY=" + ADMIN_KEY, "--CIRCUIT_FAILURE_THRESHOLD=1000");
        console = Beside.start(gateway, "--server.port=0");
        gatewayUrl = "http://localhost:" + gateway.getEnvironment().getProperty("local.server.port");
        consoleUrl = "http://localhost:" + console.getEnvironment().getProperty("local.server.port");

        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // Without these Chromium reaches for the network (updates, sync, QUIC) and fails in a sandboxed CI.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (console != null) console.close();
        if (gateway != null) gateway.close();
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    WebElement find(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Reads the browser's log so far: an answer the test provoked ({@code status}) is logged as a failed
     * load; it must be the only thing logged as an error, and the final check sees only what follows.
     */
    static void expectedRefusals(int status) {
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .allSatisfy(e -> assertThat(e.getMessage()).contains("status of " + status));
    }

    static OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl + "/v1").apiKey(apiKey).maxRetries(0).build();
    }

    static ChatCompletion chat(String apiKey, String model) {
        return sdk(apiKey).chat().completions().create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build());
    }

    @Test
    @Order(1)
    void logInWithTheAdminKeyStartsAStrictHttpOnlySession() throws IOException {
        browser.get(consoleUrl + "/console/overview");
        waiting().until(ExpectedConditions.urlContains("/console/login"));
        find("#key").sendKeys("not-the-key");
        find("#login").click();
        assertThat(find(".error").getText()).contains("not the admin key");
        expectedRefusals(401); // the refused login page
        find("#key").sendKeys(ADMIN_KEY);
        screenshot("login");
        find("#login").click();
        waiting().until(ExpectedConditions.urlContains("/console/overview"));
        Cookie session = browser.manage().getCookieNamed("console_session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.isSecure()).isFalse(); // plain http locally; Secure is added on https
        assertThat(((JavascriptExecutor) browser).executeScript("return document.cookie")).asString().doesNotContain("console_session");
    }

    @Test
    @Order(2)
    void createARouteAndATenant() throws IOException {
        browser.get(consoleUrl + "/console/routes");
        find("#route-model").sendKeys("chat-default");
        find("#route-targets").sendKeys("openai gpt-4o-mini");
        find("#save-route").click();
        assertThat(find("#routes tr[data-route='chat-default']").getText()).contains("openai/gpt-4o-mini");
        // The preview: the router's selection over this gateway's own health, every one of the next 20 to the one target.
        find("#routes tr[data-route='chat-default'] button.preview").click();
        WebElement preview = find("#route-preview[data-route='chat-default']");
        assertThat(preview.findElement(By.id("preview-health")).getText()).contains("this process's gateway");
        assertThat(preview.findElement(By.cssSelector("#preview-targets tbody")).getText()).contains("openai/gpt-4o-mini", "healthy", "20");
        assertThat(preview.findElement(By.id("preview-sequence")).getText()).startsWith("1 → openai/gpt-4o-mini").contains("20 → openai/gpt-4o-mini");
        // Validation comes from the API: a route without targets is refused with its message.
        find("#route-model").clear();
        find("#route-model").sendKeys("broken");
        find("#route-targets").clear();
        find("#route-targets").sendKeys("openai");
        find("#save-route").click();
        waiting().until(ExpectedConditions.attributeContains(By.id("status"), "class", "error"));
        assertThat(find("#status").getText()).contains("target");
        expectedRefusals(400);
        screenshot("routes");

        browser.get(consoleUrl + "/console/tenants");
        find("#tenant-id").sendKeys("acme");
        find("#tenant-name").sendKeys("Acme");
        find("#tenant-usd-day").sendKeys("1");
        find("#create-tenant").click();
        assertThat(find("section.tenant[data-tenant='acme'] h3").getText()).contains("Acme");
    }

    @Test
    @Order(3)
    void aKeyIsShownOnceWorksWithTheSdkAndItsUsageBarMoves() throws IOException {
        browser.get(consoleUrl + "/console/tenants");
        WebElement card = find("section.tenant[data-tenant='acme']");
        assertThat(Double.parseDouble(card.findElement(By.cssSelector(".bar")).getAttribute("data-share"))).isZero();
        card.findElement(By.cssSelector(".key-name")).sendKeys("browser");
        card.findElement(By.cssSelector(".create-key")).click();
        key = find("#new-key-value").getText();
        assertThat(key).startsWith("sk-");
        screenshot("tenants-new-key");
        find("#new-key-done").click();
        assertThat(browser.getPageSource()).doesNotContain(key); // gone from the page once dismissed

        ChatCompletion answer = chat(key, "chat-default");
        assertThat(answer.choices().get(0).message().content()).contains("Hello! How can I assist you today?");

        waiting().until(d -> Double.parseDouble(d.findElement(By.cssSelector("section.tenant[data-tenant='acme'] .bar"))
                .getAttribute("data-share")) > 0);
        screenshot("tenants");
    }

    @Test
    @Order(4)
    void theOverviewShowsTheTraffic() throws IOException {
        browser.get(consoleUrl + "/console/overview");
        waiting().until(d -> !d.findElement(By.id("requests")).getText().equals("–"));
        long before = Long.parseLong(find("#requests").getText());
        chat(key, "chat-default");
        waiting().until(d -> Long.parseLong(d.findElement(By.id("requests")).getText()) > before);
        assertThat(find("#models tbody").getText()).contains("openai").contains("chat-default"); // the model the client asked for
        waiting().until(d -> !d.findElement(By.cssSelector("#costs tbody")).getText().isBlank());
        assertThat(find("#cost-today").getText()).startsWith("$");
        screenshot("overview");
    }

    @Test
    @Order(5)
    void providersShowBreakerAndLatencyColours() throws IOException {
        browser.get(consoleUrl + "/console/providers");
        WebElement row = find("#providers tr[data-target='openai/gpt-4o-mini']");
        assertThat(row.getText()).contains("closed");
        assertThat(row.findElement(By.cssSelector("td.latency")).getAttribute("class")).containsAnyOf("ok", "warn", "bad");
        assertThat(browser.findElements(By.id("breaker-openings"))).singleElement()
                .satisfies(e -> assertThat(e.isDisplayed()).as("the breakers themselves are shown locally").isFalse());
        screenshot("providers");
    }

    @Test
    @Order(6)
    void theAuditLogFindsTheCallsAndVerifiesItsChain() throws IOException {
        browser.get(consoleUrl + "/console/audit");
        find("#audit-kind").sendKeys("admin");
        find("#audit-search").click();
        // The page first lists every kind; wait for the filtered answer: only admin records, the tenant's creation among them.
        waiting().until(d -> {
            try {
                List<WebElement> rows = d.findElements(By.cssSelector("#audit tbody tr"));
                return !rows.isEmpty() && rows.stream().allMatch(r -> r.findElements(By.tagName("td")).get(1).getText().equals("admin"))
                        && d.findElement(By.cssSelector("#audit tbody")).getText().contains("POST /admin/tenants");
            } catch (StaleElementReferenceException e) {
                return false; // the rows were being replaced
            }
        });
        browser.findElements(By.cssSelector("#audit tbody tr")).get(0).click();
        assertThat(find("#audit-detail").getText()).contains("\"kind\"");
        find("#audit-verify").click();
        assertThat(find("#verify-result").getText()).contains("\"ok\": true");
        screenshot("audit");
    }

    @Test
    @Order(7)
    void thePlaygroundStreamsThroughTheGateway() throws IOException {
        browser.get(consoleUrl + "/console/playground");
        find("#play-model").clear();
        find("#play-model").sendKeys("chat-default");
        find("#play-key").sendKeys(key);
        find("#play-send").click();
        // The fake holds the rest of its stream until the first content reached the page: streamed, not buffered.
        waiting().until(d -> d.findElement(By.id("play-answer")).getText().contains("Grüße"));
        assertThat(find("#play-meta").getText()).isEqualTo("Streaming…");
        STREAM_GATE.countDown();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("play-meta"), "Done"));
        assertThat(GATE_OPENED_IN_TIME).isTrue();
        screenshot("playground");
    }

    @Test
    @Order(8)
    void aStateChangeWithoutTheCsrfTokenIsRejected() {
        browser.get(consoleUrl + "/console/tenants");
        find("#tenant-form");
        Object without = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/admin/tenants', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'},
                  body: JSON.stringify({id: 'no-csrf', name: 'x'})}).then(r => r.text().then(t => done(r.status + ' ' + t)));""");
        assertThat(without).asString().startsWith("403").contains("csrf_token_invalid");
        expectedRefusals(403);
        Object with = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('meta[name="csrf-token"]').content;
                fetch('/admin/tenants', {method: 'POST', credentials: 'same-origin',
                  headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
                  body: JSON.stringify({id: 'with-csrf', name: 'x'})}).then(r => done(r.status));""");
        assertThat(with).isEqualTo(201L);
    }

    @Test
    @Order(9)
    void revokingTheKeyRejectsItsNextRequest() throws IOException {
        browser.get(consoleUrl + "/console/tenants");
        find("section.tenant[data-tenant='acme'] button.revoke").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Key revoked."));
        assertThatThrownBy(() -> chat(key, "chat-default")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    @Order(10)
    void aGuardrailPolicyIsCreatedListedRefusedWhenInvalidAndDeleted() throws IOException {
        browser.get(consoleUrl + "/console/guardrails");
        find("#policy-id").sendKeys("no-cards");
        find("#policy-description").sendKeys("cards refused on chat-default");
        find("#policy-routes").sendKeys("chat-default");
        find("#policy-detectors").sendKeys("credit_card block\nemail redact");
        find("#save-policy").click();
        WebElement row = find("#policies tr[data-policy='no-cards']");
        assertThat(row.getText()).contains("routes: chat-default", "credit_card: block", "email: redact", "answers screened");
        // Edit: the form gets the policy back, and saving it replaces the stored one.
        find("#policy-form").findElement(By.id("policy-id")).clear();
        row.findElement(By.xpath(".//button[text()='Edit']")).click();
        assertThat(find("#policy-id").getAttribute("value")).isEqualTo("no-cards");
        assertThat(find("#policy-detectors").getAttribute("value")).contains("credit_card block", "email redact");
        find("#policy-description").clear();
        find("#policy-description").sendKeys("cards refused, edited");
        find("#save-policy").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#policies tr[data-policy='no-cards']"),
                "cards refused, edited"));
        // The API's validation, with the field it names: an unknown detector.
        find("#policy-id").clear();
        find("#policy-id").sendKeys("broken");
        find("#policy-detectors").clear();
        find("#policy-detectors").sendKeys("emails redact");
        find("#save-policy").click();
        waiting().until(ExpectedConditions.attributeContains(By.id("status"), "class", "error"));
        assertThat(find("#status").getText()).contains("Unknown detector", "(field: detectors.emails)");
        expectedRefusals(400);
        assertThat(browser.findElements(By.cssSelector("#policies tr[data-policy='broken']"))).isEmpty();
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)"); // saving scrolled to the button
        screenshot("guardrails");
        find("#policies tr[data-policy='no-cards'] button.delete").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Policy no-cards deleted."));
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#policies tr[data-policy='no-cards']"), 0));
    }

    @Test
    @Order(11)
    void noPageLoggedAJavaScriptErrorAndEachCarriesAStrictPolicy() {
        for (String page : List.of("overview", "tenants", "routes", "guardrails", "audit", "providers", "playground")) {
            browser.get(consoleUrl + "/console/" + page);
            find("h1");
        }
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @Test
    @Order(12)
    void logoutEndsTheSession() {
        browser.get(consoleUrl + "/console/overview");
        find("#logout").click();
        waiting().until(ExpectedConditions.urlContains("/console/login"));
        browser.get(consoleUrl + "/console/tenants");
        waiting().until(ExpectedConditions.urlContains("/console/login"));
        assertThat(browser.manage().getCookieNamed("console_session")).isNull(); // deleted by the logout answer
    }
}
