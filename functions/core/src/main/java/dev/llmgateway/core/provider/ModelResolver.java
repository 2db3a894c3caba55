package dev.llmgateway.core.provider;

import dev.llmgateway.core.api.GatewayError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a requested model name to a provider and its upstream model name: {@code provider/model}
 * names the provider explicitly (split at the first slash, so {@code ollama/hf.co/x/y} keeps its
 * path); a bare name goes by well-known prefixes such as {@code gpt-} or {@code claude-}.
 */
public final class ModelResolver {
    public record Target(Provider provider, String model) {}

    private final List<ProviderSpec> specs;
    private final Map<String, Provider> enabled;

    public ModelResolver(List<ProviderSpec> specs, Map<String, Provider> enabled) {
        this.specs = List.copyOf(specs);
        this.enabled = Map.copyOf(enabled);
    }

    public Target resolve(String requested) {
        int slash = requested.indexOf('/');
        if (slash > 0) {
            String prefix = requested.substring(0, slash);
            ProviderSpec spec = spec(prefix);
            if (spec != null) {
                String model = requested.substring(slash + 1);
                if (model.isBlank()) {
                    throw GatewayError.modelNotFound("The model '" + requested + "' names no model after '" + prefix + "/'.");
                }
                return target(spec, model, requested);
            }
        }
        for (ProviderSpec spec : specs) {
            for (String barePrefix : spec.barePrefixes()) {
                if (requested.startsWith(barePrefix)) return target(spec, requested, requested);
            }
        }
        throw GatewayError.modelNotFound("The model '" + requested + "' does not exist or no enabled provider serves it. "
                + "Name the provider explicitly as 'provider/model' (providers: " + String.join(", ", names()) + ").");
    }

    /** Enabled providers, in catalogue order. */
    public List<Provider> providers() {
        List<Provider> list = new ArrayList<>();
        for (ProviderSpec spec : specs) {
            Provider p = enabled.get(spec.name());
            if (p != null) list.add(p);
        }
        return list;
    }

    private Target target(ProviderSpec spec, String model, String requested) {
        Provider provider = enabled.get(spec.name());
        if (provider == null) {
            throw GatewayError.modelNotFound("The model '" + requested + "' is served by provider '" + spec.name()
                    + "', which is not enabled: set " + spec.enabledBy() + ".");
        }
        return new Target(provider, model);
    }

    private ProviderSpec spec(String name) {
        for (ProviderSpec spec : specs) {
            if (spec.name().equals(name)) return spec;
        }
        return null;
    }

    private List<String> names() {
        return specs.stream().map(ProviderSpec::name).toList();
    }
}
