package dev.llmgateway.core.providers;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.spi.Provider;
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

    private final List<ProviderRow> rows;
    private final Map<String, Provider> enabled;

    public ModelResolver(List<ProviderRow> rows, Map<String, Provider> enabled) {
        this.rows = List.copyOf(rows);
        this.enabled = Map.copyOf(enabled);
    }

    /** The target a route names directly: that provider, that upstream model. */
    public Target resolve(String provider, String model) {
        ProviderRow row = row(provider);
        if (row == null) {
            throw GatewayError.modelNotFound("No provider is named '" + provider + "' (providers: " + String.join(", ", names()) + ").");
        }
        return target(row, model, provider + "/" + model);
    }

    public Target resolve(String requested) {
        int slash = requested.indexOf('/');
        if (slash > 0) {
            String prefix = requested.substring(0, slash);
            ProviderRow row = row(prefix);
            if (row != null) {
                String model = requested.substring(slash + 1);
                if (model.isBlank()) {
                    throw GatewayError.modelNotFound("The model '" + requested + "' names no model after '" + prefix + "/'.");
                }
                return target(row, model, requested);
            }
        }
        for (ProviderRow row : rows) {
            for (String barePrefix : row.barePrefixes()) {
                if (requested.startsWith(barePrefix)) return target(row, requested, requested);
            }
        }
        throw GatewayError.modelNotFound("The model '" + requested + "' does not exist or no enabled provider serves it. "
                + "Name the provider explicitly as 'provider/model' (providers: " + String.join(", ", names()) + ").");
    }

    /** Whether a provider of this name is enabled. */
    public boolean enabled(String provider) {
        return enabled.containsKey(provider);
    }

    /** Enabled providers, in catalogue order. */
    public List<Provider> providers() {
        List<Provider> list = new ArrayList<>();
        for (ProviderRow row : rows) {
            Provider p = enabled.get(row.name());
            if (p != null) list.add(p);
        }
        return list;
    }

    private Target target(ProviderRow row, String model, String requested) {
        Provider provider = enabled.get(row.name());
        if (provider == null) {
            throw GatewayError.modelNotFound("The model '" + requested + "' is served by provider '" + row.name()
                    + "', which is not enabled: set " + row.enabledBy().hint(row) + ".");
        }
        return new Target(provider, model);
    }

    private ProviderRow row(String name) {
        for (ProviderRow row : rows) {
            if (row.name().equals(name)) return row;
        }
        return null;
    }

    private List<String> names() {
        return rows.stream().map(ProviderRow::name).toList();
    }
}
