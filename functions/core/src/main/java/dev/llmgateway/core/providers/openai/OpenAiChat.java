package dev.llmgateway.core.providers.openai;

import dev.llmgateway.core.http.UpstreamHttp;
import dev.llmgateway.core.spi.Endpoint;
import dev.llmgateway.core.spi.Provider;
import java.util.List;

/** The OpenAI chat-completions schema: near-passthrough, for OpenAI and every compatible provider. */
public final class OpenAiChat {
    private OpenAiChat() {}

    public static Provider provider(Endpoint endpoint, ChatQuirks quirks, UpstreamHttp http, List<String> models) {
        return new OpenAiProvider(endpoint, translator(endpoint, quirks, http), quirks, http, models);
    }

    static OpenAiTranslator translator(Endpoint endpoint, ChatQuirks quirks, UpstreamHttp http) {
        return new OpenAiTranslator(endpoint, quirks, http.timeouts().request());
    }
}
