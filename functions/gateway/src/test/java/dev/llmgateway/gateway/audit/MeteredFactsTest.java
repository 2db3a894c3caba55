package dev.llmgateway.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.shared.audit.ApiFacts;
import org.junit.jupiter.api.Test;

/** The API fields the gateway adds to its audit records. */
class MeteredFactsTest {
    @Test
    void theApiFieldNamesTheApiNeverAnId() {
        assertThat(MeteredFacts.api("/v1/chat/completions")).isEqualTo("chat.completions");
        assertThat(MeteredFacts.api("/v1/messages/count_tokens")).isEqualTo("messages.count_tokens");
        assertThat(MeteredFacts.api("/v1/responses")).isEqualTo("responses");
        assertThat(MeteredFacts.api("/v1/responses/resp_abc123")).isEqualTo("responses");
        assertThat(MeteredFacts.api("/v1/responses/resp_abc123/input_items")).isEqualTo("responses.input_items");
        assertThat(MeteredFacts.api("/v1/models/ollama/llama3.2")).isEqualTo("models");
    }

    @Test
    void theFieldsCarryGuardrailDecisionsAndNoProviderWhenNoneWasCalled() throws Exception {
        dev.llmgateway.gateway.metrics.Metering metering = new dev.llmgateway.gateway.metrics.Metering(System::nanoTime, java.util.List.of(), 10);
        org.springframework.mock.web.MockHttpServletRequest request =
                new org.springframework.mock.web.MockHttpServletRequest("POST", "/v1/chat/completions");
        com.fasterxml.jackson.databind.node.ObjectNode record = dev.llmgateway.core.json.Json.object();
        new dev.llmgateway.gateway.metrics.RequestMeteringFilter(metering).doFilter(request,
                new org.springframework.mock.web.MockHttpServletResponse(), (req, res) -> {
                    dev.llmgateway.gateway.metrics.RequestMeteringFilter.current(req).guardrail("pii", "email", "redact");
                    ApiFacts facts = MeteredFacts.of((jakarta.servlet.http.HttpServletRequest) req);
                    facts.status(200);
                    facts.addTo(record, "/v1/chat/completions");
                });

        assertThat(record.get("provider").isNull()).isTrue();
        assertThat(record.get("guardrails").toString()).isEqualTo("[{\"policy\":\"pii\",\"detector\":\"email\",\"action\":\"redact\"}]");
    }
}
