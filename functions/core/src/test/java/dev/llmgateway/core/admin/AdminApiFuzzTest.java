package dev.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Finding 9 of the hostile probe: {@code {"usd_per_day": 1e999}} was a 500. Every admin endpoint
 * that takes a body is fed random JSON built from the admin API's own field names and hostile
 * values (huge, fractional, negative, infinite, wrong types, nesting). Whatever comes in, the
 * answer is a success or a 4xx {@link GatewayError} in OpenAI's envelope, never another exception
 * (which the HTTP edge would turn into a 500); a 400 about a field names it in {@code param}.
 * Fixed seed and tries in CI; raise {@code tries} to fuzz longer by hand.
 */
class AdminApiFuzzTest {
    private static final List<String> ROUTE = List.of("model", "strategy", "cost_tolerance", "targets");
    private static final List<String> TARGET = List.of("provider", "model", "weight", "price");
    private static final List<String> PRICE = List.of("input", "output", "cached_input");
    private static final List<String> TENANT = List.of("id", "name", "budget");
    private static final List<String> BUDGET = List.of("tokens_per_day", "tokens_per_month", "usd_per_day", "usd_per_month",
            "soft_threshold_percent", "downgrade");
    private static final List<String> SCALARS = List.of("1e999", "-1e999", "1e-999", "1.5", "-1", "0", "1", "100", "101", "1000",
            "1001", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "4294967396", "100000000000000000000",
            "1e20", "0.000001", "NaN", "true", "false", "null", "\"\"", "\" \"", "\"abc\"", "\"12\"", "\"openai\"", "\"ollama\"",
            "\"gpt-4o\"", "\"gpt-4o-mini\"", "\"weighted\"", "\"cost-aware\"", "\"round-robin\"", "\"fastest\"", "\"acme\"",
            "\"Bad Id\"", "\"\\u0000\"", "[]", "{}");

    private final Stores stores = Stores.inMemory(Clock.systemUTC());
    private final AdminApi admin = new AdminApi(stores, new ApiKeys(null), new Budgets(stores.usage(), Clock.systemUTC()), "k", () -> {});

    /** One admin call that takes a body. */
    record Call(String endpoint, String body) {}

    @Provide
    Arbitrary<Call> calls() {
        return Arbitraries.oneOf(
                object(ROUTE, 3).map(b -> new Call("POST /admin/routes", b)),
                object(ROUTE, 3).map(b -> new Call("PUT /admin/routes/chat-default", b)),
                object(TENANT, 3).map(b -> new Call("POST /admin/tenants", b)),
                object(TENANT, 3).map(b -> new Call("PUT /admin/tenants/acme", b)),
                object(BUDGET, 2).map(b -> new Call("PUT /admin/tenants/acme/budget", b)),
                object(List.of("name"), 1).map(b -> new Call("POST /admin/tenants/acme/keys", b)),
                value("", 2).map(b -> new Call("PUT /admin/tenants/acme/budget", b)));
    }

    /** A JSON object of (mostly) the given fields, each with a value shaped for its name or a hostile scalar. */
    private Arbitrary<String> object(List<String> names, int depth) {
        Arbitrary<String> name = Arbitraries.frequency(net.jqwik.api.Tuple.of(9, "known"), net.jqwik.api.Tuple.of(1, "unknown"))
                .flatMap(k -> k.equals("known") ? Arbitraries.of(names) : Arbitraries.of("x", "gpt-4o", "Model"));
        Arbitrary<String> member = name.flatMap(n -> value(n, depth - 1).map(v -> "\"" + n + "\":" + v));
        return member.list().ofMaxSize(names.size() + 1).map(m -> "{" + String.join(",", m) + "}");
    }

    private Arbitrary<String> value(String name, int depth) {
        Arbitrary<String> scalar = Arbitraries.of(SCALARS);
        if (depth <= 0) return scalar;
        Arbitrary<String> shaped = switch (name) {
            case "budget" -> object(BUDGET, depth);
            case "targets" -> object(TARGET, depth).list().ofMaxSize(3).map(m -> "[" + String.join(",", m) + "]");
            case "price" -> object(PRICE, depth);
            case "downgrade" -> object(List.of("gpt-4o", "gpt-4o-mini", "x"), depth);
            default -> scalar;
        };
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, scalar), net.jqwik.api.Tuple.of(4, shaped));
    }

    private JsonNode call(Call call, byte[] body) {
        return switch (call.endpoint()) {
            case "POST /admin/routes" -> admin.putRoute(null, body);
            case "PUT /admin/routes/chat-default" -> admin.putRoute("chat-default", body);
            case "POST /admin/tenants" -> admin.createTenant(body);
            case "PUT /admin/tenants/acme" -> admin.putTenant("acme", body);
            case "PUT /admin/tenants/acme/budget" -> admin.putBudget("acme", body);
            case "POST /admin/tenants/acme/keys" -> admin.createKey("acme", body);
            default -> throw new IllegalArgumentException(call.endpoint());
        };
    }

    @Property(tries = 3000, seed = "19")
    void everyAdminBodyIsAnsweredWithSuccessOrA4xxInTheEnvelope(@ForAll("calls") Call call) {
        if (stores.tenants().tenant("acme").isEmpty()) admin.putTenant("acme", "{}".getBytes(StandardCharsets.UTF_8));
        String body = call.body();
        try {
            call(call, body.getBytes(StandardCharsets.UTF_8));
        } catch (GatewayError e) {
            assertThat(e.status()).as("%s", body).isBetween(400, 499);
            JsonNode error = Json.MAPPER.valueToTree(e.envelope()).get("error");
            assertThat(error.has("param")).as("%s", body).isTrue();
            assertThat(error.get("message").asText()).isNotBlank();
            if (e.status() == 400 && !"invalid_json".equals(e.code()) && body.startsWith("{")) {
                assertThat(error.get("param").isTextual()).as("a 400 about a field names it: %s -> %s", body, error).isTrue();
            }
        }
    }

    @Example
    void theProbesCasesAre400sNamingTheField() {
        assertBad(() -> admin.putBudget("acme", bytes("{\"usd_per_day\": 1e999}")), "budget.usd_per_day");
        assertBad(() -> admin.putBudget("acme", bytes("{\"usd_per_day\": -0.01}")), "budget.usd_per_day");
        assertBad(() -> admin.putBudget("acme", bytes("{\"usd_per_month\": \"5\"}")), "budget.usd_per_month");
        assertBad(() -> admin.putBudget("acme", bytes("{\"soft_threshold_percent\": 4294967346}")), "budget.soft_threshold_percent");
        assertBad(() -> admin.putBudget("acme", bytes("{\"tokens_per_day\": 1.5}")), "budget.tokens_per_day");
        assertBad(() -> admin.putRoute("r", bytes("{\"targets\": []}")), "targets");
        assertBad(() -> admin.putRoute("r", bytes("{}")), "targets");
        assertBad(() -> admin.putRoute("r", bytes("{\"cost_tolerance\": 1e999, \"targets\": [{\"provider\":\"openai\",\"model\":\"m\"}]}")),
                "cost_tolerance");
        assertBad(() -> admin.putRoute("r", bytes("{\"targets\": [{\"provider\":\"openai\",\"model\":\"m\",\"price\":{\"input\":1e999,\"output\":1}}]}")),
                "targets[0].price.input");
        assertBad(() -> admin.putRoute("r", bytes("{\"targets\": [{\"provider\":\"openai\",\"model\":\"m\",\"weight\":4294967297}]}")),
                "targets[0].weight");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertBad(Runnable call, String param) {
        try {
            call.run();
            throw new AssertionError("accepted; expected a 400 naming " + param);
        } catch (GatewayError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
        }
    }
}
