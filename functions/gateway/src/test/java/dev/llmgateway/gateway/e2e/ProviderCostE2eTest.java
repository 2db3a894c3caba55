package dev.llmgateway.gateway.e2e;

import static dev.llmgateway.core.testing.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmgateway.core.testing.FakeUpstream;
import dev.llmgateway.core.testing.Fixtures;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Cost truth per provider, through the OpenAI SDK: each provider's own usage shape (cache reads, 5-minute
 * and 1-hour cache writes, reasoning) priced to the micro-dollar from the price catalogue
 * (functions/core/src/main/resources/prices.json, the rates quoted per 1M tokens below), and the
 * tenant's budget and ledger hold exactly the sum of the receipts.
 */
class ProviderCostE2eTest extends TenantE2eTest {
    private static final String TENANT = "cost-per-provider";

    private String receipt(String key, String model, FakeUpstream fake, String path, String upstreamAnswer) {
        fake.on(path, json(200, upstreamAnswer));
        HttpResponseFor<ChatCompletion> raw = sdk(key).chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Summarise the handbook.").build());
        raw.parse();
        return raw.headers().values("X-Gateway-Cost-USD").getFirst();
    }

    @Test
    void everyProvidersBucketsArePricedExactlyAndTheBudgetAndLedgerHoldTheReceipts() throws Exception {
        String key = tenantWithKey(TENANT, "{\"usd_per_day\":10}");

        // Anthropic claude-sonnet-4-5: 21 input x 3 + 1,024 5m writes x 3.75 + 1,024 1h writes x 6 + 4,096 reads x 0.30
        // + 12 output x 15 = 11,455.8 micro-USD, rounded up once.
        String anthropic = receipt(key, "claude-sonnet-4-5", ANTHROPIC, "/v1/messages", Fixtures.text("messages/cached-response.json"));
        assertThat(anthropic).isEqualTo("0.011456");

        // Gemini gemini-2.5-pro: promptTokenCount 4,120 includes 4,096 cached: 24 x 1.25 + 4,096 x 0.125, and output is
        // candidates 6 + thoughts 120 = 126 x 10: 30 + 512 + 1,260 = 1,802 micro-USD.
        String gemini = receipt(key, "gemini-2.5-pro", GEMINI, "/v1beta/models/gemini-2.5-pro:generateContent",
                Fixtures.text("gemini/usage-cached/upstream-response.json"));
        assertThat(gemini).isEqualTo("0.001802");

        // Bedrock Claude Sonnet 4.5 (us-east-1 on demand): inputTokens 12 (uncached) x 3 + cacheRead 1,800 x 0.30 + cacheWrite
        // 248 x 3.75 + output 40 x 15 = 36 + 540 + 930 + 600 = 2,106 micro-USD.
        String bedrockModel = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        String bedrock = receipt(key, "bedrock/" + bedrockModel, BEDROCK, "/model/" + bedrockModel + "/converse",
                Fixtures.text("bedrock/cache-usage/upstream-response.json"));
        assertThat(bedrock).isEqualTo("0.002106");

        // OpenAI gpt-4o-mini: 500 uncached x 0.15 + 1,500 cached x 0.075 + 300 output (100 of it reasoning) x 0.60 = 367.5.
        String openai = receipt(key, "gpt-4o-mini", OPENAI, OPENAI_PATH, """
                {"id":"chatcmpl-cost","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Done."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,
                  "prompt_tokens_details":{"cached_tokens":1500},"completion_tokens_details":{"reasoning_tokens":100}}}""");
        assertThat(openai).isEqualTo("0.000368");

        BigDecimal sum = new BigDecimal(anthropic).add(new BigDecimal(gemini)).add(new BigDecimal(bedrock)).add(new BigDecimal(openai));
        assertThat(adminOk("GET", "/admin/tenants/" + TENANT + "/usage", null).at("/day/usd").decimalValue()).isEqualByComparingTo(sum);
        var ledger = adminOk("GET", "/admin/usage?tenant=" + TENANT + "&group_by=model", null);
        assertThat(ledger.at("/total/cost_usd").decimalValue()).isEqualByComparingTo(sum);
        assertThat(ledger.at("/total/cache_write_1h_tokens").asLong()).isEqualTo(1024);
        assertThat(ledger.at("/total/cache_write_5m_tokens").asLong()).isEqualTo(1024 + 248);
        assertThat(ledger.at("/total/cache_read_tokens").asLong()).isEqualTo(4096 + 4096 + 1800 + 1500);
        assertThat(ledger.at("/total/reasoning_tokens").asLong()).isEqualTo(120 + 100);
    }
}
