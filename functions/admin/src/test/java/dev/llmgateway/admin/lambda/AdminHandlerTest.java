package dev.llmgateway.admin.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin function's handler, fed the event shapes in {@code events/} as Lambda would: an API
 * Gateway REST proxy event and a Function URL (payload 2.0) event reach the same admin API, which
 * checks the admin key, answers in OpenAI's error envelope, audits each call and serves no client API.
 */
class AdminHandlerTest {
    static final String ADMIN_KEY = "handler-admin-key";
    static AdminHandler handler;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("ADMIN_API_KEY", ADMIN_KEY);
        System.setProperty("contextInitTimeout", "180000"); // a ceiling for a slow machine's start, not a measurement
        handler = new AdminHandler();
    }

    static ObjectNode event(String name) throws Exception {
        String text = Files.readString(Path.of("../../events", name + ".json")).replace("REPLACE_WITH_ADMIN_KEY", ADMIN_KEY);
        return (ObjectNode) Json.tree(text);
    }

    /** The handler's answer: {@code statusCode}, {@code headers}/{@code multiValueHeaders} and {@code body}. */
    static JsonNode invoke(ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out, new TestContext());
        return Json.tree(out.toString(StandardCharsets.UTF_8));
    }

    static JsonNode body(JsonNode response) {
        return Json.tree(response.path("body").asText());
    }

    static String header(JsonNode response, String name) {
        for (JsonNode headers : new JsonNode[] {response.path("headers"), response.path("multiValueHeaders")}) {
            for (var it = headers.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (!entry.getKey().equalsIgnoreCase(name)) continue;
                return entry.getValue().isArray() ? entry.getValue().get(0).asText() : entry.getValue().asText();
            }
        }
        return null;
    }

    @Test
    void apiGatewayEventCreatesWhatTheFunctionUrlEventLists() throws Exception {
        JsonNode created = invoke(event("admin-api-create-tenant"));
        assertThat(created.path("statusCode").asInt()).as(created.toString()).isEqualTo(201);
        assertThat(header(created, "Content-Type")).startsWith("application/json");
        assertThat(body(created).path("id").asText()).isEqualTo("acme");

        JsonNode listed = invoke(event("admin-function-url-tenants"));
        assertThat(listed.path("statusCode").asInt()).as(listed.toString()).isEqualTo(200);
        assertThat(body(listed).path("data").findValuesAsText("id")).contains("acme");
    }

    @Test
    void primingBeforeTheSnapshotServesTheLoginPageAnAssetAndAnUnauthenticatedConsoleCall() throws Exception {
        assertThat(handler.priming().prime()).containsExactly(200, 200, 401);
        // The handler serves as before, and priming started no session.
        JsonNode listed = invoke(event("admin-function-url-tenants"));
        assertThat(listed.path("statusCode").asInt()).isEqualTo(200);
        assertThat(AdminPriming.PROBES).extracting(AdminPriming.Probe::path).noneMatch(p -> p.startsWith("/admin"));
    }

    @Test
    void aWrongAdminKeyGetsOpenAisEnvelope() throws Exception {
        ObjectNode event = event("admin-function-url-tenants");
        ((ObjectNode) event.path("headers")).put("authorization", "Bearer not-the-admin-key");
        JsonNode response = invoke(event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(body(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(response.path("body").asText()).doesNotContain(ADMIN_KEY).doesNotContain("Exception");
    }

    @Test
    void eachCallIsAuditedAsAnAdminRecord() throws Exception {
        ObjectNode event = event("admin-function-url-tenants");
        ((ObjectNode) event.path("headers")).put("x-request-id", "req-handler-audit");
        assertThat(invoke(event).path("statusCode").asInt()).isEqualTo(200);

        ObjectNode search = event("admin-function-url-tenants");
        search.put("rawPath", "/admin/audit").put("rawQueryString", "request_id=req-handler-audit");
        ((ObjectNode) search.at("/requestContext/http")).put("path", "/admin/audit");
        JsonNode found = invoke(search);
        assertThat(found.path("statusCode").asInt()).as(found.toString()).isEqualTo(200);
        JsonNode record = null;
        for (JsonNode item : body(found).path("data")) if (item.path("kind").asText().equals("admin")) record = item.path("data");
        assertThat(record).as(found.toString()).isNotNull();
        assertThat(record.path("request_id").asText()).isEqualTo("req-handler-audit");
        assertThat(record.path("action").asText()).isEqualTo("GET /admin/tenants");
        assertThat(record.path("status").asInt()).isEqualTo(200);
    }

    @Test
    void theClientApiIsNotServedHere() throws Exception {
        ObjectNode event = (ObjectNode) Json.tree(Files.readString(Path.of("../../events/function-url-chat.json")));
        JsonNode response = invoke(event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("not_found");
    }

    /** Lambda's context as the runtime would pass it; the handler needs none of its values. */
    static final class TestContext implements Context {
        @Override public String getAwsRequestId() { return "6f0c3c44-0d4c-4bb6-9b8e-2e0f4c7d0004"; }
        @Override public String getLogGroupName() { return "/aws/lambda/llm-gateway-admin"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "llm-gateway-admin"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:llm-gateway-admin"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.println(message); }
                @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
