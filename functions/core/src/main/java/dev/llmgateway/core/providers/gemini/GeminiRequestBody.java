package dev.llmgateway.core.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ContentPart;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Message;
import dev.llmgateway.core.api.ReasoningEffort;
import dev.llmgateway.core.api.ResponseFormat;
import dev.llmgateway.core.api.Tool;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.ToolChoice;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.RequestChecks;
import dev.llmgateway.core.spi.ToolArguments;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An OpenAI chat request as a Gemini {@code GenerateContentRequest}: system messages become
 * {@code systemInstruction}, the rest {@code contents} with roles {@code user} and {@code model}
 * (consecutive turns of one role merged, as Gemini expects alternation), sampling goes into
 * {@code generationConfig}, tools into {@code functionDeclarations}.
 */
final class GeminiRequestBody {
    private static final System.Logger LOG = System.getLogger(GeminiRequestBody.class.getName());

    private final String provider;

    GeminiRequestBody(String provider) {
        this.provider = provider;
    }

    ObjectNode of(ChatRequest request, GeminiModel model) {
        RequestChecks.translatable(request, provider);
        ObjectNode body = Json.object();
        ObjectNode system = Json.object();
        body.set("contents", contents(request.messages(), model, system.putArray("parts")));
        if (!system.path("parts").isEmpty()) body.set("systemInstruction", system);
        tools(request, model, body);
        ObjectNode config = generationConfig(request, model);
        if (!config.isEmpty()) body.set("generationConfig", config);
        return body;
    }

    // ---- messages ----

    private ArrayNode contents(List<Message> messages, GeminiModel model, ArrayNode systemParts) {
        Contents contents = new Contents();
        Map<String, String> toolNames = new HashMap<>(); // a functionResponse names its function, not the call id
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            switch (message.role()) {
                case SYSTEM -> {
                    if (message.hasImages()) {
                        throw GatewayError.unsupported(provider, "messages[" + i + "].content",
                                "Gemini's system instruction takes text only");
                    }
                    if (!message.text().isEmpty()) systemParts.addObject().put("text", message.text());
                }
                case USER -> contents.add("user", parts(message, i));
                case ASSISTANT -> {
                    ArrayNode parts = parts(message, i);
                    boolean signed = message.toolCalls().stream().anyMatch(c -> ThoughtSignatures.signature(c.id()) != null);
                    for (int j = 0; j < message.toolCalls().size(); j++) {
                        ToolCall call = message.toolCalls().get(j);
                        if (call.id() != null) toolNames.put(call.id(), call.name());
                        ObjectNode part = parts.addObject();
                        ObjectNode fn = part.putObject("functionCall");
                        fn.put("name", call.name());
                        fn.set("args", ToolArguments.object(call.arguments(), ToolArguments.path(i, j)));
                        String signature = ThoughtSignatures.signature(call.id());
                        if (signature != null) {
                            part.put("thoughtSignature", signature);
                        } else if (!signed && model.validatesThoughtSignatures()) {
                            // Gemini 3 wants a signature on the first call of each function-call step.
                            part.put("thoughtSignature", ThoughtSignatures.SKIP_VALIDATION);
                            signed = true;
                        }
                    }
                    contents.add("model", parts);
                }
                case TOOL -> {
                    String name = toolNames.get(message.toolCallId());
                    if (name == null) {
                        throw GatewayError.invalidRequest("Invalid 'messages[" + i + "].tool_call_id': '"
                                + message.toolCallId() + "' matches no tool call of an earlier assistant message.",
                                "messages[" + i + "].tool_call_id", "invalid_value");
                    }
                    if (message.hasImages()) {
                        throw GatewayError.unsupported(provider, "messages[" + i + "].content",
                                "a tool result is sent to Gemini as JSON; images are not supported there");
                    }
                    ArrayNode parts = Json.MAPPER.createArrayNode();
                    ObjectNode response = parts.addObject().putObject("functionResponse");
                    response.put("name", name);
                    response.set("response", toolResult(message.text()));
                    contents.add("user", parts);
                }
            }
        }
        return contents.array;
    }

    /** Consecutive turns of one role become one content, as Gemini expects user and model to alternate. */
    private static final class Contents {
        final ArrayNode array = Json.MAPPER.createArrayNode();
        private String lastRole;

        void add(String role, ArrayNode parts) {
            if (parts.isEmpty()) return; // an empty turn says nothing, and Gemini rejects empty parts
            if (role.equals(lastRole)) {
                ((ArrayNode) array.get(array.size() - 1).get("parts")).addAll(parts);
                return;
            }
            ObjectNode content = array.addObject();
            content.put("role", role);
            content.set("parts", parts);
            lastRole = role;
        }
    }

    private ArrayNode parts(Message message, int index) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (message.content() == null) return parts;
        for (int j = 0; j < message.content().size(); j++) {
            switch (message.content().get(j)) {
                case ContentPart.Text text -> {
                    if (!text.text().isEmpty()) parts.addObject().put("text", text.text());
                }
                case ContentPart.Image image -> parts.add(image(image, "messages[" + index + "].content[" + j + "].image_url"));
            }
        }
        return parts;
    }

    /**
     * A data: URL goes inline; an https URL as {@code fileData}, which Gemini fetches itself (public
     * or signed URLs, supported since January 2026). Anything else cannot reach Gemini.
     */
    private ObjectNode image(ContentPart.Image image, String param) {
        ObjectNode part = Json.object();
        ContentPart.InlineImage inline = image.inline();
        if (inline != null) {
            part.putObject("inlineData").put("mimeType", inline.mediaType()).put("data", inline.base64());
            return part;
        }
        String url = image.url();
        if (!url.regionMatches(true, 0, "https://", 0, 8)) {
            throw GatewayError.unsupported(provider, param,
                    "Gemini takes images as base64 data: URLs or https URLs it can fetch");
        }
        ObjectNode file = part.putObject("fileData");
        String mimeType = imageType(url);
        if (mimeType != null) file.put("mimeType", mimeType);
        file.put("fileUri", url);
        return part;
    }

    /** The media type a URL's file extension implies, among the image types Gemini reads; null if unknown. */
    private static String imageType(String url) {
        String path = url.replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) return null;
        return switch (path.substring(dot + 1)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "heic" -> "image/heic";
            case "heif" -> "image/heif";
            case "gif" -> "image/gif";
            default -> null;
        };
    }

    /** Gemini's functionResponse.response must be an object: a JSON object result is used as is, anything else wrapped. */
    static ObjectNode toolResult(String content) {
        JsonNode parsed;
        try {
            parsed = Json.tree(content);
        } catch (RuntimeException notJson) {
            parsed = null;
        }
        if (parsed instanceof ObjectNode object) return object;
        ObjectNode wrapped = Json.object();
        if (parsed == null || parsed.isMissingNode()) wrapped.put("output", content);
        else wrapped.set("output", parsed);
        return wrapped;
    }

    // ---- tools ----

    private void tools(ChatRequest request, GeminiModel model, ObjectNode body) {
        ToolChoice choice = request.toolChoice();
        if (request.tools().isEmpty()) {
            if (choice == ToolChoice.Mode.REQUIRED || choice instanceof ToolChoice.Function) {
                throw GatewayError.invalidRequest("Invalid 'tool_choice': a tool must be called, but 'tools' is empty.",
                        "tool_choice", "invalid_value");
            }
            return;
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            throw GatewayError.unsupported(provider, "parallel_tool_calls",
                    "Gemini decides itself whether to call functions in parallel and cannot be limited to one");
        }
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (int i = 0; i < request.tools().size(); i++) {
            Tool tool = request.tools().get(i);
            ObjectNode fn = declarations.addObject();
            fn.put("name", tool.name());
            if (tool.description() != null) fn.put("description", tool.description());
            if (tool.parameters() == null) continue; // a function without parameters
            if (model.acceptsJsonSchema()) {
                fn.set("parametersJsonSchema", tool.parameters());
            } else {
                ObjectNode parameters = converted(tool.parameters(), "tools[" + i + "].function.parameters", model);
                // Gemini rejects an OBJECT without properties; a function without parameters omits them.
                if (parameters.path("properties").size() > 0 || !"OBJECT".equals(parameters.path("type").asText())) {
                    fn.set("parameters", parameters);
                }
            }
        }
        ObjectNode calling = Json.object();
        switch (choice) {
            case null -> { }
            case ToolChoice.Mode mode -> calling.put("mode", switch (mode) {
                case AUTO -> "AUTO";
                case NONE -> "NONE";
                case REQUIRED -> "ANY";
            });
            case ToolChoice.Function function -> {
                if (request.tools().stream().noneMatch(t -> t.name().equals(function.name()))) {
                    throw GatewayError.invalidRequest("Invalid 'tool_choice.function.name': '" + function.name()
                            + "' is not one of the functions in 'tools'.", "tool_choice.function.name", "invalid_value");
                }
                calling.put("mode", "ANY").putArray("allowedFunctionNames").add(function.name());
            }
        }
        if (!calling.isEmpty()) body.putObject("toolConfig").set("functionCallingConfig", calling);
    }

    // ---- generation config ----

    private ObjectNode generationConfig(ChatRequest request, GeminiModel model) {
        ObjectNode config = Json.object();
        if (request.temperature() != null) config.put("temperature", request.temperature());
        if (request.topP() != null) config.put("topP", request.topP());
        if (request.maxTokens() != null) config.put("maxOutputTokens", request.maxTokens());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            if (request.seed() != request.seed().intValue()) {
                throw GatewayError.unsupported(provider, "seed", "Gemini's seed is a 32-bit integer");
            }
            config.put("seed", request.seed().intValue());
        }
        ReasoningEffort effort = request.reasoningEffort();
        if (effort != null) {
            // The budget table is the gateway's (docs/reasoning.md); 0 turns thinking off where the model allows it.
            ObjectNode thinking = config.putObject("thinkingConfig").put("thinkingBudget", effort.budgetTokens());
            if (effort.thinks()) thinking.put("includeThoughts", true);
        }
        switch (request.responseFormat()) {
            case ResponseFormat.JsonSchema format -> {
                config.put("responseMimeType", "application/json");
                ObjectNode schema = format.schema().deepCopy();
                // The schema's own description, when it has none, carries the format's.
                if (format.description() != null && !schema.has("description")) schema.put("description", format.description());
                if (model.acceptsJsonSchema()) config.set("responseJsonSchema", schema);
                else config.set("responseSchema", converted(schema, "response_format.json_schema.schema", model));
            }
            case ResponseFormat.JsonObject ignored -> config.put("responseMimeType", "application/json");
            case null, default -> { }
        }
        return config;
    }

    /** The OpenAPI-subset form of a schema for older models, reporting what it had to drop. */
    private ObjectNode converted(JsonNode schema, String param, GeminiModel model) {
        GeminiSchema.Result result = GeminiSchema.toOpenApi(schema, param, provider);
        if (!result.dropped().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Gemini model {0} takes only an OpenAPI subset of JSON Schema; "
                    + "dropped from {1}: {2}", model.resource(), param, String.join(", ", result.dropped()));
        }
        return result.schema();
    }
}
