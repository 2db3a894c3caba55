package dev.llmgateway.core.providers;

import dev.llmgateway.core.config.Env;

/** What turns a provider on; {@link #hint} is what the 404 for its models tells the user to set. */
public sealed interface Enablement {
    boolean enabled(Env env, ProviderRow row);

    String hint(ProviderRow row);

    /** On when its key variable is set. */
    record ByKey() implements Enablement {
        @Override
        public boolean enabled(Env env, ProviderRow row) {
            return env.get(row.keyVariable()) != null;
        }

        @Override
        public String hint(ProviderRow row) {
            return row.keyVariable();
        }
    }

    /** On when {@code variable} is true; unset, on in local mode only if {@code onLocally}. */
    record ByFlag(String variable, boolean onLocally) implements Enablement {
        @Override
        public boolean enabled(Env env, ProviderRow row) {
            return env.flag(variable, onLocally && env.localMode());
        }

        @Override
        public String hint(ProviderRow row) {
            return variable + "=true";
        }
    }

    /** Always on: a provider declared in configuration is meant to be used. */
    record Declared() implements Enablement {
        @Override
        public boolean enabled(Env env, ProviderRow row) {
            return true;
        }

        @Override
        public String hint(ProviderRow row) {
            return "its entry in the configuration";
        }
    }
}
