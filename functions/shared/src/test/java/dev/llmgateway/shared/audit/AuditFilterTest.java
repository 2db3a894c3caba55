package dev.llmgateway.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.audit.AuditItem;
import dev.llmgateway.core.audit.AuditKey;
import dev.llmgateway.core.audit.AuditLog;
import dev.llmgateway.core.audit.AuditPage;
import dev.llmgateway.core.audit.AuditQuery;
import dev.llmgateway.core.audit.AuditStore;
import dev.llmgateway.core.audit.ChainWriter;
import dev.llmgateway.core.audit.InMemoryAuditStore;
import dev.llmgateway.core.config.StoreFailureMode;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.shared.edge.RequestIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** What the client gets when the audit store fails, in each failure mode, and when the record is written. */
class AuditFilterTest {
    /** A store that fails while {@code down} is set. */
    static final class FlakyStore implements AuditStore {
        final InMemoryAuditStore inner = new InMemoryAuditStore();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public void write(List<AuditItem> items) {
            if (down.get()) throw new IllegalStateException("store unavailable");
            inner.write(items);
        }

        @Override public Set<String> partitions() { return inner.partitions(); }
        @Override public List<AuditItem> partition(String pk) { return inner.partition(pk); }
        @Override public Set<String> chainsOf(String tenant) { return inner.chainsOf(tenant); }
        @Override public AuditPage query(AuditQuery query) { return inner.query(query); }
    }

    final FlakyStore store = new FlakyStore();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AuditLog audit = new AuditLog(store, AuditKey.random(), Clock.systemUTC(),
            new ChainWriter.Settings("test", Duration.ofDays(1), 100, Duration.ofHours(1)), "flaky");
    final AtomicInteger served = new AtomicInteger();
    final AtomicBoolean bodyReachedClient = new AtomicBoolean();

    AuditFilter filter(StoreFailureMode mode) {
        return AuditFilter.forApi(audit, new ApiKeys(null), mode, Clock.systemUTC(), registry,
                request -> RequestIds.of(request.getHeader(AuditFilter.REQUEST_ID_HEADER)), request -> null);
    }

    /** A handler that answers 200 with a JSON body, and counts the requests it served. */
    final FilterChain handler = (request, response) -> {
        served.incrementAndGet();
        response.setContentType("application/json");
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
        bodyReachedClient.set(((MockHttpServletResponse) ((jakarta.servlet.ServletResponseWrapper) response).getResponse())
                .getContentAsByteArray().length > 0);
    };

    MockHttpServletResponse call(AuditFilter filter) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/chat/completions");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, handler);
        return response;
    }

    @Test
    void recordIsStoredBeforeTheBodyIsReleased() throws Exception {
        MockHttpServletResponse response = call(filter(StoreFailureMode.FAIL_CLOSED));
        assertThat(bodyReachedClient).as("written and flushed by the handler, but held until the record is stored").isFalse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("{\"ok\":true}");
        assertThat(store.inner.query(new AuditQuery(null, null, null, 200, null, null, "request", 10, null)).items()).hasSize(1);
    }

    @Test
    void failClosedAnswers503AndRefusesUntilTheStoreIsBack() throws Exception {
        AuditFilter filter = filter(StoreFailureMode.FAIL_CLOSED);
        store.down.set(true);
        MockHttpServletResponse first = call(filter);
        assertThat(first.getStatus()).isEqualTo(503);
        assertThat(Json.tree(first.getContentAsString()).path("error").path("code").asText()).isEqualTo("audit_unavailable");
        assertThat(first.getHeader(AuditFilter.REQUEST_ID_HEADER)).isNotBlank();
        assertThat(served).hasValue(1);
        MockHttpServletResponse second = call(filter);
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(served).as("known-down store: refused without serving").hasValue(1);
        assertThat(registry.counter("gateway.audit.write.failures").count()).isEqualTo(2);
        store.down.set(false);
        assertThat(call(filter).getStatus()).as("the refusal's own record lands: the store is back").isEqualTo(503);
        assertThat(call(filter).getStatus()).isEqualTo(200);
        assertThat(audit.verifyAll().ok()).isTrue();
    }

    @Test
    void failOpenServesAndCountsTheFailure() throws Exception {
        store.down.set(true);
        MockHttpServletResponse response = call(filter(StoreFailureMode.FAIL_OPEN));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("{\"ok\":true}");
        assertThat(registry.counter("gateway.audit.write.failures").count()).isEqualTo(1);
    }
}
