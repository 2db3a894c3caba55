package dev.llmgateway.core.messages;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
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
    private static final String CHAT_FORMAT = "response_format";
    private static final String CHAT_SCHEMA = "response_format.json_schema.schema";
    private static final String MESSAGES_FORMAT = "output_config.format";
    private static final String MESSAGES_SCHEMA = "output_config.format.schema";
    private final Provider provider;

    private MessagesOn(Provider provider) {
        this.provider = provider;
    }

    /** How {@code provider} serves the Messages API for {@code model}: natively if it can, else translated. */
    public static MessagesApi provider(Provider provider, String model) {
        return provider instanceof MessagesApi native_ && native_.passesThrough(model) ? native_ : new MessagesOn(provider);
    }

    @Override
    public Completion messages(MessagesRequest request, String model) {
        try {
            ChatRequest chat = MessagesToChat.translate(request, provider.name());
            return ChatToMessages.translate(provider.complete(chat, model), request.model(), chat.stop());
        } catch (GatewayError e) {
            throw inMessagesTerms(e);
        }
    }

    @Override
    public StreamResult streamMessages(MessagesRequest request, String model, ChunkSink events) throws IOException {
        try {
            ChatRequest chat = MessagesToChat.translate(request, provider.name());
            ChunksToEvents translated = new ChunksToEvents(events, request.model(), chat.stop());
            StreamResult result = provider.stream(chat, model, translated);
            translated.finish(result.stopSequence());
            return result;
        } catch (GatewayError e) {
            throw inMessagesTerms(e);
        }
    }

    /**
     * An error about the {@code response_format} that {@code output_config.format} became, named as
     * the client wrote it; any other error unchanged.
     */
    static GatewayError inMessagesTerms(GatewayError e) {
        String param = e.param();
        if (param == null || !param.startsWith(CHAT_FORMAT)) return e;
        String renamed = param.startsWith(CHAT_SCHEMA) ? MESSAGES_SCHEMA + param.substring(CHAT_SCHEMA.length())
                : MESSAGES_FORMAT + param.substring(CHAT_FORMAT.length());
        String message = e.getMessage() == null ? null
                : e.getMessage().replace(CHAT_SCHEMA, MESSAGES_SCHEMA).replace(CHAT_FORMAT, MESSAGES_FORMAT);
        return e.withParam(renamed, message);
    }

}
