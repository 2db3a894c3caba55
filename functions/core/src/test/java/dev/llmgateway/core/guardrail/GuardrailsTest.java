package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.json.Json;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which policies a request gets, and when a change made elsewhere reaches this process (the cache TTL). */
class GuardrailsTest {
    private final InMemoryPolicyStore store = new InMemoryPolicyStore();
    private final AtomicLong now = new AtomicLong();
    private final Guardrails guardrails = new Guardrails(store, Duration.ofSeconds(10), now::get);

    private static Policy policy(String id, String scope, String detectors) {
        return Policy.parse(Json.tree("{\"id\":\"" + id + "\",\"applies_to\":" + scope + ",\"detectors\":" + detectors + "}"), null);
    }

    @Test
    void aRequestGetsEveryPolicyCoveringItsTenantKeyOrRouteCombined() {
        store.put(policy("global", "{\"global\":true}", "{\"email\":\"log\"}"));
        store.put(policy("tenant", "{\"tenants\":[\"acme\"]}", "{\"email\":\"redact\"}"));
        store.put(policy("key", "{\"keys\":[\"k1\"]}", "{\"phone\":\"block\"}"));
        store.put(policy("route", "{\"routes\":[\"smart\"]}", "{\"iban\":\"restore\"}"));
        assertThat(guardrails.rules("other", null, "gpt-4o").policies()).containsExactly("global");
        assertThat(guardrails.rules("acme", "k1", "smart").policies()).containsExactly("global", "key", "route", "tenant");
        assertThat(guardrails.rules("acme", null, "gpt-4o").inbound(BuiltIn.get("email")).action()).isEqualTo(Action.REDACT);
        assertThat(guardrails.rules("acme", null, "gpt-4o")).as("combinations are shared").isSameAs(guardrails.rules("acme", "k9", "x"));
    }

    @Test
    void aChangeInTheStoreTakesEffectWithinTheTtlAndAtOnceAfterALocalWrite() {
        assertThat(guardrails.rules("acme", null, "m").empty()).isTrue();
        store.put(policy("p", "{\"tenants\":[\"acme\"]}", "{\"pii\":\"redact\"}")); // written by another process
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(guardrails.rules("acme", null, "m").empty()).as("still the cached table").isTrue();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(guardrails.rules("acme", null, "m").policies()).as("after the TTL").containsExactly("p");

        store.delete("p");
        guardrails.invalidate(); // what the admin API does after a write in this process
        assertThat(guardrails.rules("acme", null, "m").empty()).isTrue();
    }
}
