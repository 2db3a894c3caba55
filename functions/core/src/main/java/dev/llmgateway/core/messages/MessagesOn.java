package dev.llmgateway.core.messages;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.MessagesApi;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.StreamResult;
import java.io.IOException;

/**
 * The Messages API on any provider: a provider that speaks it natively passes it through; any
 * other is reached through the OpenAI schema every provider serves ({@link MessagesToChat} on the
 * way in, {@link ChatToMessages} and {@link ChunksToEvents} on the way out).
 */
public final class MessagesOn implements MessagesApi {
    private final Provider provider;

    private MessagesOn(Provider provider) {
        this.provider = provider;
    }

    public static MessagesApi provider(Provider provider) {
        return provider instanceof MessagesApi native_ ? native_ : new MessagesOn(provider);
    }

    @Override
    public Completion messages(MessagesRequest request, String model) {
        ChatRequest chat = MessagesToChat.translate(request, provider.name());
        return ChatToMessages.translate(provider.complete(chat, model), request.model(), chat.stop());
    }

    @Override
    public StreamResult streamMessages(MessagesRequest request, String model, ChunkSink events) throws IOException {
        ChatRequest chat = MessagesToChat.translate(request, provider.name());
        ChunksToEvents translated = new ChunksToEvents(events, request.model(), chat.stop());
        StreamResult result = provider.stream(chat, model, translated);
        translated.finish(result.stopSequence());
        return result;
    }
}
