package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ChunkSink;
import dev.llmgateway.core.spi.Completion;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.spi.ResponsesApi;
import dev.llmgateway.core.spi.StreamResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The Responses API on any provider, with its state. A provider that speaks it
 * ({@link ResponsesApi}: OpenAI, Azure OpenAI) gets the body with only {@code model} rewritten and
 * keeps the response itself; the gateway stores a pointer to it under the tenant, so only that
 * tenant reaches it again. Any other provider is reached through chat ({@link ResponsesToChat},
 * {@link ChatToResponses}, {@link ChunksToResponseEvents}), and with {@code store} (OpenAI's
 * default) the gateway keeps the response, its input items and the conversation so far, which
 * {@code previous_response_id} continues from. An id the tenant does not own is a 404, whatever
 * other tenant may own it.
 */
public final class Responses {
    private final ResponseStore store;
    private final Duration ttl;
    private final Clock clock;

    public Responses(ResponseStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    public ResponseStore store() {
        return store;
    }

    /** Starts one request: its previous response (404 when the tenant has none by that id) and its input items. */
    public Turn begin(String tenant, ResponsesRequest request) {
        StoredResponse previous = request.previousResponseId() == null ? null
                : find(tenant, request.previousResponseId(), "previous_response_id");
        ArrayNode input = InputItems.normalize(request.tree().get("input"));
        return new Turn(tenant, request, previous, input, ResponseObject.start(request, clock.instant().getEpochSecond()));
    }

    /** {@code GET /v1/responses/{id}}: the stored response, or the upstream's for one it keeps. */
    public byte[] retrieve(String tenant, String id, String query, Function<String, Provider> providers) {
        StoredResponse stored = find(tenant, id, null);
        if (stored.isPointer()) return holder(stored, providers).held("GET", id, "", query);
        if (query != null && query.contains("stream=true")) {
            throw GatewayError.invalidRequest("stream: replaying a stored response as events is not supported by the gateway", "stream");
        }
        return Json.bytes(stored.response());
    }

    /** {@code DELETE /v1/responses/{id}}: at the upstream too when it keeps the response. */
    public byte[] delete(String tenant, String id, Function<String, Provider> providers) {
        StoredResponse stored = find(tenant, id, null);
        byte[] body = stored.isPointer() ? holder(stored, providers).held("DELETE", id, "", null) : null;
        store.delete(tenant, id);
        return body != null ? body : Json.bytes(Json.object().put("id", id).put("object", "response").put("deleted", true));
    }

    /** {@code GET /v1/responses/{id}/input_items}: OpenAI's list, newest first unless {@code order=asc}. */
    public byte[] inputItems(String tenant, String id, String query, Function<String, Provider> providers,
                             String order, Integer limit, String after) {
        StoredResponse stored = find(tenant, id, null);
        if (stored.isPointer()) return holder(stored, providers).held("GET", id, "/input_items", query);
        return Json.bytes(InputItemList.page(stored.inputItems(), order, limit, after));
    }

    private StoredResponse find(String tenant, String id, String param) {
        if (!ResponseStore.ID.matcher(id).matches()) throw notFound(id, param);
        return store.get(tenant, id).orElseThrow(() -> notFound(id, param));
    }

    private static GatewayError notFound(String id, String param) {
        String shown = id.length() > 64 ? id.substring(0, 64) + "..." : id;
        return GatewayError.notFound("Response with id '" + shown + "' not found.", param);
    }

    private static ResponsesApi holder(StoredResponse pointer, Function<String, Provider> providers) {
        Provider provider = providers.apply(pointer.heldBy());
        if (provider instanceof ResponsesApi api && api.servesResponses()) return api;
        throw GatewayError.serviceUnavailable("The provider that keeps this response ('" + pointer.heldBy()
                + "') is not enabled.", "provider_not_enabled");
    }

    /** One request across its failover candidates. */
    public final class Turn {
        private final String tenant;
        private final ResponsesRequest request;
        private final StoredResponse previous;
        private final ArrayNode input;
        private final ResponseObject response;
        private ObjectNode translated; // the last translated answer, kept after settlement
        private ArrayNode screenedContext; // the stored conversation after this request's guardrails

        private Turn(String tenant, ResponsesRequest request, StoredResponse previous, ArrayNode input, ResponseObject response) {
            this.tenant = tenant;
            this.request = request;
            this.previous = previous;
            this.input = input;
            this.response = response;
        }

        /** The items the prompt is made of (the conversation continued, then this input), for the budget estimate. */
        public ArrayNode promptItems() {
            ArrayNode items = context();
            items.addAll(input);
            return items;
        }

        /** Lets the guardrails screen (in place, on a copy) the stored conversation this turn continues; no-op without one. */
        public void screenContext(java.util.function.Consumer<ArrayNode> screen) {
            if (previous == null || previous.context() == null) return;
            ArrayNode copy = previous.context().deepCopy();
            screen.accept(copy);
            screenedContext = copy;
        }

        public Completion complete(Provider provider, String model) {
            translated = null;
            ResponsesApi native_ = passthrough(provider);
            if (native_ != null) return native_.respond(request, model);
            Completion chat = provider.complete(chat(provider), model);
            ChatToResponses.Output output = ChatToResponses.output(chat);
            String reason = ResponseObject.incompleteReason(output.finishReason());
            translated = response.render(reason == null ? "completed" : "incomplete", output.items(), chat.usage(), reason);
            return new Completion(Json.bytes(translated), chat.usage()).withResponse(chat.responseId(), chat.finishReasons());
        }

        /**
         * After the buffered answer is settled, before it is written: keeps it (or, for an upstream
         * that keeps its own, the pointer) when {@code store} is on. Throws when the store cannot.
         */
        public void stored(Completion answer, Provider servedBy) {
            if (!request.store()) return;
            if (translated != null) {
                keep(translated);
                return;
            }
            JsonNode id = Json.tree(answer.body(), servedBy.name()).get("id");
            if (id != null && id.isTextual()) pointer(id.asText(), servedBy);
        }

        public StreamResult stream(Provider provider, String model, ChunkSink events) throws IOException {
            ResponsesApi native_ = passthrough(provider);
            if (native_ != null) return native_.streamResponse(request, model, request.store() ? new PointerOnCreated(events, provider) : events);
            ChunksToResponseEvents translator = new ChunksToResponseEvents(events, response);
            StreamResult result = provider.stream(chat(provider), model, translator);
            try {
                translator.finish(result.usage(), done -> {
                    if (request.store()) keep(done);
                });
            } catch (GatewayError e) {
                // the answer was produced and is settled as usual; the client learns it was not kept
                translator.fail(e.code(), e.getMessage());
            }
            return result;
        }

        private ResponsesApi passthrough(Provider provider) {
            boolean native_ = provider instanceof ResponsesApi api && api.servesResponses();
            if (previous != null && previous.isPointer()) {
                if (native_ && previous.heldBy().equals(provider.name())) return (ResponsesApi) provider;
                throw GatewayError.invalidRequest("previous_response_id: that response is kept by provider '" + previous.heldBy()
                        + "'; continue it with a model that provider serves.", "previous_response_id");
            }
            return native_ && previous == null ? (ResponsesApi) provider : null;
        }

        private ChatRequest chat(Provider provider) {
            return ResponsesToChat.translate(request, context(), input, provider.name());
        }

        private ArrayNode context() {
            if (screenedContext != null) return screenedContext.deepCopy();
            return previous == null || previous.context() == null ? Json.MAPPER.createArrayNode() : previous.context().deepCopy();
        }

        private void keep(ObjectNode done) {
            ArrayNode context = promptItems();
            context.addAll((ArrayNode) done.get("output"));
            store.put(tenant, StoredResponse.translated(done, input, context, clock.instant().plus(ttl)));
        }

        private void pointer(String id, Provider provider) {
            if (ResponseStore.ID.matcher(id).matches()) store.put(tenant, StoredResponse.pointer(id, provider.name(), clock.instant().plus(ttl)));
        }

        /** Stores the pointer to an upstream-kept response when its id first shows, before the client sees it. */
        private final class PointerOnCreated implements ChunkSink {
            private final ChunkSink events;
            private final Provider provider;
            private boolean seen;

            PointerOnCreated(ChunkSink events, Provider provider) {
                this.events = events;
                this.provider = provider;
            }

            @Override
            public void send(byte[] event) throws IOException {
                if (!seen && startsWith(event, "event: response.created\n")) {
                    seen = true;
                    String text = new String(event, StandardCharsets.UTF_8);
                    int data = text.indexOf("data: ");
                    JsonNode created = Json.tree(text.substring(data + 6).trim().replace("\ndata: ", "\n"));
                    JsonNode id = created.path("response").get("id");
                    if (id != null && id.isTextual()) pointer(id.asText(), provider);
                }
                events.send(event);
            }

            private static boolean startsWith(byte[] event, String prefix) {
                byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
                if (event.length < p.length) return false;
                for (int i = 0; i < p.length; i++) if (event[i] != p[i]) return false;
                return true;
            }
        }
    }
}
