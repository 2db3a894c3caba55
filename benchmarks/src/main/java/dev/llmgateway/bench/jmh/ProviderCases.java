package dev.llmgateway.bench.jmh;

import dev.llmgateway.bench.jmh.ProviderCase.Framing;
import dev.llmgateway.core.providers.Catalogue;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * One method per provider adapter, named as the provider. To benchmark a new adapter, add its
 * method here and its name to {@code @Param} in {@link ProviderBenchmarks}; nothing else changes.
 * The base URLs are never called: the benchmarks translate, they do not send.
 */
public final class ProviderCases {
    private static final String NOWHERE = "http://127.0.0.1:9";

    private ProviderCases() {}

    public static ProviderCase openai() {
        return ProviderCase.of(Catalogue.OPENAI, Map.of("OPENAI_API_KEY", "sk-bench", "OPENAI_BASE_URL", NOWHERE + "/v1"),
                "gpt-4o-mini", "gpt-4o-mini", "openai", Framing.SSE, 1);
    }

    public static ProviderCase ollama() {
        return ProviderCase.of(Catalogue.OLLAMA_NATIVE, Map.of("OLLAMA_ENABLED", "true", "OLLAMA_BASE_URL", NOWHERE),
                "ollama/llama3.2", "llama3.2", "ollama", Framing.NDJSON, 1);
    }

    /** The case named {@code provider}: the method of that name above. */
    static ProviderCase named(String provider) {
        try {
            Method method = ProviderCases.class.getMethod(provider);
            return (ProviderCase) method.invoke(null);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no benchmark case for provider '" + provider + "': add a method "
                    + "ProviderCases." + provider + "()", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
