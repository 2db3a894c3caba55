package dev.llmgateway.core.configfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.tenant.ApiKeys;
import dev.llmgateway.core.tenant.Authenticator;
import dev.llmgateway.core.tenant.InMemoryTenantStore;
import dev.llmgateway.core.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFileTest {
    private static final Env ENV = Env.of(Map.of("VLLM_KEY", "vllm-secret", "GROQ_KEY", "gsk-secret"));

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aWholeFileSetsProvidersRoutesAndDefaultsUnderTheEnvironment() throws IOException {
        Path file = write("""
                providers:
                  - name: groq                       # a catalogue provider: its settings
                    api_key: ${GROQ_KEY}
                    models: [llama-3.3-70b-versatile]
                  - name: vllm                       # a server declared here alone
                    base_url: http://gpu-box:8000/v1
                    api_key: ${VLLM_KEY}
                    models: [Qwen/Qwen3-8B]
                  - name: ollama
                    enabled: false
                routes:
                  - model: chat-default
                    strategy: round-robin
                    targets:
                      - {provider: vllm, model: Qwen/Qwen3-8B}
                      - {provider: groq, model: llama-3.3-70b-versatile}
                defaults:
                  upstream_timeout_ms: 30000
                cache:
                  enabled: true
                  ttl_seconds: 600
                  eligible: temperature_zero_or_unset
                """);

        ConfigFile.Loaded loaded = ConfigFile.load(file, ENV);

        assertThat(loaded.variables()).containsEntry("GROQ_API_KEY", "gsk-secret")
                .containsEntry("GROQ_MODELS", "llama-3.3-70b-versatile")
                .containsEntry("VLLM_BASE_URL", "http://gpu-box:8000/v1").containsEntry("VLLM_API_KEY", "vllm-secret")
                .containsEntry("OLLAMA_ENABLED", "false").containsEntry("UPSTREAM_TIMEOUT_MS", "30000")
                .containsEntry("GATEWAY_CACHE_ENABLED", "true").containsEntry("GATEWAY_CACHE_TTL_SECONDS", "600")
                .containsEntry("GATEWAY_CACHE_ELIGIBLE", "temperature_zero_or_unset");
        assertThat(loaded.declared()).singleElement().satisfies(row -> assertThat(row.name()).isEqualTo("vllm"));
        assertThat(loaded.routes()).extracting(Route::model).containsExactly("chat-default");

        Env env = loaded.under(Env.of(Map.of("UPSTREAM_TIMEOUT_MS", "5000", "GATEWAY_MODE", "deployed")));
        assertThat(env.get("UPSTREAM_TIMEOUT_MS")).as("the environment overrides the file").isEqualTo("5000");
        assertThat(env.get("GROQ_API_KEY")).isEqualTo("gsk-secret");
        ModelResolver resolver = Catalogue.fromEnv(env, UpstreamHttp.fromEnv(env), loaded.declared());
        assertThat(resolver.resolve("vllm/Qwen/Qwen3-8B").provider().name()).isEqualTo("vllm");
        assertThat(resolver.resolve("groq/x").provider().name()).isEqualTo("groq");
    }

    @Test
    void guardrailPoliciesAreReadAndAMistakeNamesItsPath() throws IOException {
        Path file = write("""
                guardrails:
                  - id: pii-everywhere
                    applies_to: {global: true}
                    detectors: {pii: redact, secrets: block}
                  - id: acme-codes
                    applies_to: {tenants: [acme]}
                    custom: [{name: code, regex: "PRJ-[0-9]{6}", action: redact}]
                defaults:
                  guardrails_cache_ttl_ms: 2000
                """);
        ConfigFile.Loaded loaded = ConfigFile.load(file, ENV);
        assertThat(loaded.guardrails()).extracting(dev.llmgateway.core.guardrail.Policy::id).containsExactly("pii-everywhere", "acme-codes");
        assertThat(loaded.variables()).containsEntry("GUARDRAILS_CACHE_TTL_MS", "2000");

        Path bad = write("guardrails:\n  - id: p\n    applies_to: {global: true}\n    detectors: {emails: redact}\n");
        assertThatThrownBy(() -> ConfigFile.load(bad, ENV)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("guardrails[0].detectors.emails");
        Path twice = write("guardrails:\n  - {id: p, applies_to: {global: true}}\n  - {id: p, applies_to: {global: true}}\n");
        assertThatThrownBy(() -> ConfigFile.load(twice, ENV)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("guardrails[1].id").hasMessageContaining("used twice");
    }

    @Test
    void tenantsAndTheirKeyHashesAreSeededIntoTheStoreAndTheKeyAuthenticates() throws IOException {
        String key = "sk-gw-" + "a".repeat(40);
        String hash = new ApiKeys(null).hash(key);
        Path file = write("""
                tenants:
                  - id: acme
                    name: Acme
                    budget: {tokens_per_day: 200000, usd_per_month: 50}
                    keys:
                      - {name: ci, hash: %s, prefix: sk-gw-aaaa}
                  - id: default
                    budget: {tokens_per_day: 1000}
                """.formatted(hash));

        ConfigFile.Loaded loaded = ConfigFile.load(file, ENV);
        InMemoryTenantStore store = new InMemoryTenantStore();
        store.putTenant(new Tenant("acme", "Old name", null));
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        loaded.seed(store, now);

        assertThat(store.tenant("acme")).get().satisfies(t -> {
            assertThat(t.name()).as("the file replaces the stored tenant").isEqualTo("Acme");
            assertThat(t.budget().tokensPerDay()).isEqualTo(200000L);
        });
        assertThat(store.tenant("default")).get().satisfies(t -> assertThat(t.budget().tokensPerDay()).isEqualTo(1000L));
        assertThat(store.keyByHash(hash)).get().satisfies(k -> {
            assertThat(k.tenantId()).isEqualTo("acme");
            assertThat(k.name()).isEqualTo("ci");
            assertThat(k.prefix()).isEqualTo("sk-gw-aaaa");
            assertThat(k.createdAt()).isEqualTo(now);
        });
        Authenticator auth = new Authenticator(Authenticator.Mode.KEYS, store, new ApiKeys(null), Duration.ofSeconds(30));
        assertThat(auth.authenticate("Bearer " + key).id()).isEqualTo("acme");
        assertThatThrownBy(() -> auth.authenticate("Bearer sk-gw-" + "b".repeat(40))).isInstanceOf(GatewayError.class);
    }

    @Test
    void jsonIsReadToo() throws IOException {
        Path file = dir.resolve("gateway.json");
        Files.writeString(file, "{\"defaults\":{\"routing_max_attempts\":2}}");
        assertThat(ConfigFile.load(file, ENV).variables()).containsEntry("ROUTING_MAX_ATTEMPTS", "2");
    }

    @Test
    void noVariableNoFile() {
        assertThat(ConfigFile.fromEnv(Env.of(Map.of()))).isSameAs(ConfigFile.Loaded.NONE);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigFile.fromEnv(Env.of(Map.of("GATEWAY_CONFIG", dir.resolve("nope.yaml").toString()))))
                .isInstanceOf(ConfigError.class).hasMessageContaining("nope.yaml").hasMessageContaining("cannot be read");
    }

    @Test
    void aSyntaxErrorNamesTheLine() throws IOException {
        Path file = write("providers:\n  - name: groq\n    api_key: [unclosed\n");
        assertThatThrownBy(() -> ConfigFile.load(file, ENV)).isInstanceOf(ConfigError.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid YAML or JSON at line");
    }

    /** Each kind of mistake: the file, the path inside it and the problem. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            - just a list                                                      | (file)                           | must be a mapping
            provider: []                                                       | provider                         | is not a field here
            providers: {name: groq}                                            | providers                        | must be a list
            providers: [{name: groq, key: x}]                                  | providers[0].key                 | is not a field here
            providers: [{api_key: '${GROQ_KEY}'}]                              | providers[0].name                | is required
            providers: [{name: My Server, base_url: 'http://h/v1'}]            | providers[0].name                | not a provider name
            providers: [{name: groq}, {name: groq}]                            | providers[1].name                | listed twice
            providers: [{name: groq}, {name: x}, {name: y}, {name: vllm}]      | providers[1].base_url            | is required for 'x'
            providers: [{name: vllm, base_url: 'ftp://gpu/v1'}]                | providers[0].base_url            | http(s) URL
            providers: [{name: vllm, base_url: 'http://u:p@gpu/v1'}]           | providers[0].base_url            | without query or credentials
            providers: [{name: groq, api_key: gsk-literal-key}]                | providers[0].api_key             | never the key itself
            providers: [{name: groq, api_key: '${MISSING_KEY}'}]               | providers[0].api_key             | ${MISSING_KEY}, which is not set
            providers: [{name: bedrock, api_key: '${GROQ_KEY}'}]               | providers[0].api_key             | takes no key
            providers: [{name: groq, models: llama}]                           | providers[0].models              | must be a list
            providers: [{name: groq, models: [7]}]                             | providers[0].models[0]           | must be a model name
            providers: [{name: groq, enabled: true}]                           | providers[0].enabled             | enabled by GROQ_API_KEY
            providers: [{name: ollama, enabled: 'yes'}]                        | providers[0].enabled             | must be true or false
            cache: {enabled: maybe}                                            | cache.enabled                    | must be true or false
            cache: {ttl_seconds: 0}                                            | cache.ttl_seconds                | whole number from 1
            routes: [{model: a, targets: [{provider: openai, model: m}], cache: {eligible: often}}] | routes[0].cache.eligible | Invalid 'cache.eligible'
            defaults: {upstream_timeout: 5}                                    | defaults.upstream_timeout        | is not a setting
            defaults: {upstream_timeout_ms: -1}                                | defaults.upstream_timeout_ms     | whole number
            tenants: {id: acme}                                                | tenants                          | must be a list
            tenants: [acme]                                                    | tenants[0]                       | must be a mapping
            tenants: [{name: Acme}]                                            | tenants[0].id                    | Missing 'id'
            tenants: [{id: acme, plan: gold}]                                  | tenants[0].plan                  | plan
            tenants: [{id: acme, budget: {usd_per_day: -1}}]                   | tenants[0].budget.usd_per_day    | usd_per_day
            tenants: [{id: acme}, {id: acme}]                                  | tenants[1].id                    | listed twice
            tenants: [{id: acme, keys: [{name: ci}]}]                          | tenants[0].keys[0].hash          | is required
            tenants: [{id: acme, keys: [{hash: sk-gw-literal}]}]               | tenants[0].keys[0].hash          | never the key itself
            tenants: [{id: acme, keys: [{hash: x, owner: me}]}]                | tenants[0].keys[0].owner         | is not a field here
            routes: [{model: a, strategy: fastest, targets: []}]               | routes[0].strategy               | Invalid 'strategy'
            routes: [{model: a, targets: [{provider: groq}]}]                  | routes[0].targets[0].model       | targets[0].model
            routes: [{model: a, targets: [{provider: openai, model: m}, {provider: grok, model: m}]} ] | routes[0].targets[1].provider | 'grok' is not a provider of this gateway
            """)
    void eachMistakeStopsTheStartWithThePathAndTheProblem(String yaml, String path, String problem) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> ConfigFile.load(file, ENV)).isInstanceOfSatisfying(ConfigError.class, e -> {
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.path()).isEqualTo(path.equals("(file)") ? null : path);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(problem);
        });
    }
}
