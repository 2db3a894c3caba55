package dev.llmgateway.core.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every responses store must do; run on memory and on DynamoDB (dynalite). */
abstract class ResponseStoreContract {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    ResponseStore store;

    abstract ResponseStore newStore(MutableClock clock);

    @BeforeEach
    void setUp() {
        store = newStore(clock);
    }

    static StoredResponse translated(String id, Instant expires) {
        ObjectNode response = Json.object().put("id", id).put("object", "response").put("status", "completed");
        ArrayNode input = Json.MAPPER.createArrayNode();
        input.addObject().put("type", "message").put("id", "msg_1").put("role", "user").put("content", "été 🌞");
        ArrayNode context = input.deepCopy();
        context.addObject().put("type", "function_call").put("call_id", "call_1__thought__c2ln").put("name", "f").put("arguments", "{}");
        return StoredResponse.translated(response, input, context, expires);
    }

    @Test
    void aStoredResponseReadsBackWhole() {
        StoredResponse stored = translated("resp_a", clock.instant().plus(Duration.ofDays(30)));
        store.put("t1", stored);
        StoredResponse read = store.get("t1", "resp_a").orElseThrow();
        assertThat(read.response()).isEqualTo(stored.response());
        assertThat(read.inputItems()).isEqualTo(stored.inputItems());
        assertThat(read.context()).isEqualTo(stored.context());
        assertThat(read.isPointer()).isFalse();
        assertThat(read.expiresAt()).isEqualTo(stored.expiresAt());
    }

    @Test
    void aPointerNamesTheProviderThatKeepsTheResponse() {
        store.put("t1", StoredResponse.pointer("resp_openai", "openai", clock.instant().plus(Duration.ofDays(1))));
        StoredResponse read = store.get("t1", "resp_openai").orElseThrow();
        assertThat(read.isPointer()).isTrue();
        assertThat(read.heldBy()).isEqualTo("openai");
        assertThat(read.response()).isNull();
    }

    @Test
    void anotherTenantNeverSeesNorDeletesIt() {
        store.put("t1", translated("resp_a", clock.instant().plus(Duration.ofDays(30))));
        assertThat(store.get("t2", "resp_a")).isEmpty();
        assertThat(store.get("t1#resp", "a")).isEmpty();
        assertThat(store.delete("t2", "resp_a")).isFalse();
        assertThat(store.get("t1", "resp_a")).isPresent();
    }

    @Test
    void anExpiredResponseIsGone() {
        store.put("t1", translated("resp_a", clock.instant().plus(Duration.ofDays(30))));
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(store.get("t1", "resp_a")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get("t1", "resp_a")).isEmpty();
        assertThat(store.delete("t1", "resp_a")).isFalse();
    }

    @Test
    void deleteRemovesOnce() {
        store.put("t1", translated("resp_a", clock.instant().plus(Duration.ofDays(30))));
        assertThat(store.delete("t1", "resp_a")).isTrue();
        assertThat(store.get("t1", "resp_a")).isEmpty();
        assertThat(store.delete("t1", "resp_a")).isFalse();
    }
}
