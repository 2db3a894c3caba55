package dev.llmgateway.core.testing;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.UsageCheck;
import dev.llmgateway.core.budget.Budgets;
import dev.llmgateway.core.budget.Estimate;
import dev.llmgateway.core.plan.Planner;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import dev.llmgateway.core.routing.InMemoryRouteStore;
import dev.llmgateway.core.routing.PriceTable;
import dev.llmgateway.core.routing.RouteCache;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.routing.TargetHealth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A planner over the given budgets with OpenAI enabled (a provider that is never called) and the list prices. */
public final class Planners {
    private Planners() {}

    public static Planner openAi(Budgets budgets) {
        return openAi(budgets, UsageCheck.DEFAULT);
    }

    public static Planner openAi(Budgets budgets, UsageCheck usageCheck) {
        return openAi(budgets, usageCheck, null);
    }

    /** @param limiter the rate limiter; null for none */
    public static Planner openAi(Budgets budgets, UsageCheck usageCheck, dev.llmgateway.core.limit.RateLimiter limiter) {
        return openAi(budgets, usageCheck, limiter, null);
    }

    /** As above, recording settlements in {@code ledger} (null: nowhere). */
    public static Planner openAi(Budgets budgets, UsageCheck usageCheck, dev.llmgateway.core.limit.RateLimiter limiter,
                                 dev.llmgateway.core.ledger.UsageLedger ledger) {
        return new Planner(new Router(
                new ModelResolver(Catalogue.ALL, Map.of("openai", provider("openai"))),
                new RouteCache(new InMemoryRouteStore(), Duration.ofSeconds(10)), PriceTable.defaults(),
                new TargetHealth(TargetHealth.Settings.DEFAULTS), new SplittableRandom(1)),
                budgets, Estimate.Settings.DEFAULTS, usageCheck, limiter, ledger);
    }

    /** {@code {"model": model, "max_tokens": maxTokens, "messages": [{"role": "user", "content": "Hello there"}]}} */
    public static ChatRequest request(String model, int maxTokens) {
        return ChatRequest.parse(("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    public static Provider provider(String name) {
        return new Provider() {
            public String name() { return name; }
            public Completion complete(ChatRequest request, String model) { throw new UnsupportedOperationException(); }
            public StreamResult stream(ChatRequest request, String model, ChunkSink sink) { throw new UnsupportedOperationException(); }
            public List<String> models() { return List.of(); }
        };
    }
}
