package dev.llmgateway.core.providers;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.providers.anthropic.AnthropicMessages;
import dev.llmgateway.core.providers.bedrock.BedrockProvider;
import dev.llmgateway.core.providers.gemini.GeminiApi;
import dev.llmgateway.core.providers.ollama.OllamaChat;
import dev.llmgateway.core.providers.openai.OpenAiChat;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Provider;
import java.util.List;

/** The backend API schemas the gateway translates to; each builds a provider for a catalogue row. */
public enum ApiSchema {
    OPENAI_CHAT {
        @Override
        Provider create(ProviderRow row, Endpoint endpoint, Env env, UpstreamHttp http) {
            return OpenAiChat.provider(endpoint, row.quirks().resolve(env), http, row.listedModels(env));
        }
    },
    ANTHROPIC_MESSAGES {
        @Override
        Provider create(ProviderRow row, Endpoint endpoint, Env env, UpstreamHttp http) {
            return AnthropicMessages.provider(endpoint, env, row.variablePrefix(), http, row.listedModels(env));
        }

        @Override
        List<String> settings(String variablePrefix) {
            return AnthropicMessages.settings(variablePrefix);
        }
    },
    GEMINI {
        @Override
        Provider create(ProviderRow row, Endpoint endpoint, Env env, UpstreamHttp http) {
            return GeminiApi.provider(endpoint, http, row.listedModels(env));
        }
    },
    /** Lists the models installed in the server instead of a configured list. */
    OLLAMA {
        @Override
        Provider create(ProviderRow row, Endpoint endpoint, Env env, UpstreamHttp http) {
            return OllamaChat.provider(endpoint, http);
        }
    },
    /** Transport and signing by the AWS SDK: only the shared time limits are handed over, not the HTTP client. */
    BEDROCK_CONVERSE {
        @Override
        Provider create(ProviderRow row, Endpoint endpoint, Env env, UpstreamHttp http) {
            return BedrockProvider.create(row.name(), env, endpoint.baseUrl(), http.timeouts(), row.listedModels(env));
        }
    };

    abstract Provider create(ProviderRow row, Endpoint endpoint, Env env, UpstreamHttp http);

    /** The schema's own settings for a provider with this variable prefix, beyond the row's variables. */
    List<String> settings(String variablePrefix) {
        return List.of();
    }
}
