package dev.llmgateway.core.cache;

import static dev.llmgateway.core.cache.CacheStoreContract.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.EmbeddingsRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests the default and the configured rules cache, and what the client headers do. */
class EligibilityTest {
    static final CachePolicy DEFAULT = CachePolicy.DEFAULTS;
    static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static String why(CachePolicy policy, CacheRequest request) {
        return ResponseCache.ineligible(policy.over(DEFAULT), request);
    }

    @Test
    void byDefaultOnlyTemperatureZeroIsCached() {
        assertThat(why(DEFAULT, chat("{\"model\":\"m\",\"temperature\":0," + USER + "}"))).isNull();
        assertThat(why(DEFAULT, chat("{\"model\":\"m\",\"temperature\":0.7," + USER + "}"))).isEqualTo("sampled");
        assertThat(why(DEFAULT, chat("{\"model\":\"m\"," + USER + "}"))).as("no sampling parameter").isEqualTo("sampled");
    }

    @Test
    void theOperatorMayCountUnsampledRequestsOrEveryRequest() {
        CachePolicy unset = new CachePolicy(null, null, CachePolicy.Eligible.TEMPERATURE_ZERO_OR_UNSET, null, null);
        assertThat(why(unset, chat("{\"model\":\"m\"," + USER + "}"))).isNull();
        assertThat(why(unset, chat("{\"model\":\"m\",\"top_p\":0.5," + USER + "}"))).isEqualTo("sampled");
        assertThat(why(unset, chat("{\"model\":\"m\",\"temperature\":0," + USER + "}"))).isNull();
        CachePolicy any = new CachePolicy(null, null, CachePolicy.Eligible.ANY, null, null);
        assertThat(why(any, chat("{\"model\":\"m\",\"temperature\":1.2," + USER + "}"))).isNull();
    }

    @Test
    void storeAndPendingToolResultsAreNeverCachedUnlessTheOperatorSaysSo() {
        CacheRequest stored = chat("{\"model\":\"m\",\"temperature\":0,\"store\":true," + USER + "}");
        CacheRequest tool = chat("{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]}");
        assertThat(why(DEFAULT, stored)).isEqualTo("stateful");
        assertThat(why(DEFAULT, tool)).isEqualTo("tool_results");
        CachePolicy stateful = new CachePolicy(null, null, null, true, null);
        assertThat(why(stateful, stored)).isNull();
        assertThat(why(stateful, tool)).isNull();
    }

    @Test
    void messagesWithAToolResultLastArePending() {
        byte[] body = ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"42\"}]}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(why(DEFAULT, CacheRequest.messages(MessagesRequest.parse(body, Map.of())))).isEqualTo("tool_results");
        byte[] plain = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(why(DEFAULT, CacheRequest.messages(MessagesRequest.parse(plain, Map.of())))).isNull();
    }

    @Test
    void embeddingsAreAlwaysDeterministic() {
        var request = EmbeddingsRequest.parse("{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(why(DEFAULT, CacheRequest.embeddings(request))).isNull();
    }

    @Test
    void aResponsesCallIsStatelessOnlyWithStoreFalseAndNoPreviousResponse() {
        assertThat(why(DEFAULT, CacheRequest.responses(Json.tree("{\"model\":\"m\",\"temperature\":0,\"input\":\"hi\"}"), false)))
                .as("the API stores by default").isEqualTo("stateful");
        assertThat(why(DEFAULT, CacheRequest.responses(Json.tree("{\"model\":\"m\",\"temperature\":0,\"store\":false,\"input\":\"hi\"}"), false)))
                .isNull();
        assertThat(why(DEFAULT, CacheRequest.responses(Json.tree(
                "{\"model\":\"m\",\"temperature\":0,\"store\":false,\"previous_response_id\":\"resp_1\",\"input\":\"hi\"}"), false)))
                .isEqualTo("stateful");
        assertThat(why(DEFAULT, CacheRequest.responses(Json.tree("{\"model\":\"m\",\"temperature\":0,\"store\":false,"
                + "\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"42\"}]}"), false))).isEqualTo("tool_results");
    }

    @Test
    void clientHeaders() {
        assertThat(ClientControl.of(null, null)).isEqualTo(ClientControl.NORMAL);
        assertThat(ClientControl.of("no-store", null)).isEqualTo(ClientControl.BYPASS);
        assertThat(ClientControl.of("max-age=0, No-Cache", null)).isEqualTo(ClientControl.REFRESH);
        assertThat(ClientControl.of("no-cache", "bypass")).as("the gateway's header wins").isEqualTo(ClientControl.BYPASS);
        assertThat(ClientControl.of(null, "Refresh")).isEqualTo(ClientControl.REFRESH);
        assertThatThrownBy(() -> ClientControl.of(null, "sometimes")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("x-gateway-cache");
        });
    }
}
