package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses and validates a chat completion request, naming the offending field in every error. */
final class ChatRequestParser {
    /** Fields the gateway understands; everything else is passthrough-only. */
    static final Set<String> KNOWN_FIELDS = Set.of(
            "model", "messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed",
            "n", "tools", "tool_choice", "parallel_tool_calls", "response_format", "stream", "stream_options",
            "user", "metadata", "reasoning_effort");

    private ChatRequestParser() {}

    static ChatRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.clientTree(body);
        } catch (IOException e) {
            throw GatewayError.invalidRequest(
                    "We could not parse the JSON body of your request. The gateway expects a JSON payload.", null,
                    "invalid_json");
        }
        if (root == null || !root.isObject()) {
            throw GatewayError.invalidRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        ObjectNode raw = (ObjectNode) root;

        String model = text(raw, "model");
        if (model == null || model.isBlank()) {
            throw GatewayError.invalidRequest("You must provide a model parameter.", "model", "missing_required_parameter");
        }
        JsonNode messagesNode = raw.get("messages");
        if (messagesNode == null || messagesNode.isNull()) {
            throw GatewayError.invalidRequest("Missing required parameter: 'messages'.", "messages",
                    "missing_required_parameter");
        }
        expect(messagesNode, JsonNodeType.ARRAY, "messages", "an array");
        if (messagesNode.isEmpty()) {
            throw GatewayError.invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.",
                    "messages", "empty_array");
        }
        List<Message> messages = new ArrayList<>(messagesNode.size());
        for (int i = 0; i < messagesNode.size(); i++) {
            messages.add(message(messagesNode.get(i), "messages[" + i + "]"));
        }

        Integer maxTokens = integer(raw, "max_completion_tokens");
        if (maxTokens == null) maxTokens = integer(raw, "max_tokens");
        if (maxTokens != null && maxTokens < 1) {
            throw GatewayError.invalidRequest("Invalid 'max_tokens': must be at least 1.", "max_tokens", "invalid_value");
        }
        Integer n = integer(raw, "n");
        if (n != null && n < 1) throw GatewayError.invalidRequest("Invalid 'n': must be at least 1.", "n", "invalid_value");

        Double temperature = number(raw, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw GatewayError.invalidRequest("Invalid 'temperature': must be between 0 and 2.", "temperature",
                    "invalid_value");
        }
        Double topP = number(raw, "top_p");
        if (topP != null && (topP < 0 || topP > 1)) {
            throw GatewayError.invalidRequest("Invalid 'top_p': must be between 0 and 1.", "top_p", "invalid_value");
        }

        boolean stream = Boolean.TRUE.equals(bool(raw, "stream"));
        boolean includeUsage = false;
        JsonNode streamOptions = raw.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            expect(streamOptions, JsonNodeType.OBJECT, "stream_options", "an object");
            includeUsage = Boolean.TRUE.equals(bool(streamOptions, "include_usage", "stream_options.include_usage"));
        }
        JsonNode metadata = raw.get("metadata");
        if (metadata != null && !metadata.isNull()) expect(metadata, JsonNodeType.OBJECT, "metadata", "an object");

        Set<String> unknown = new LinkedHashSet<>();
        for (Iterator<String> it = raw.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN_FIELDS.contains(field)) unknown.add(field);
        }

        return new ChatRequest(model, messages, temperature, topP, maxTokens, stop(raw), longValue(raw, "seed"),
                n == null ? 1 : n, tools(raw), toolChoice(raw), bool(raw, "parallel_tool_calls"), responseFormat(raw),
                stream, includeUsage, text(raw, "user"), ReasoningEffort.parse(text(raw, "reasoning_effort"), "reasoning_effort"),
                unknown, raw);
    }

    private static Message message(JsonNode node, String path) {
        expect(node, JsonNodeType.OBJECT, path, "an object");
        String roleText = text(node, "role", path + ".role");
        if (roleText == null) {
            throw GatewayError.invalidRequest("Missing required parameter: '" + path + ".role'.", path + ".role",
                    "missing_required_parameter");
        }
        Role role = Role.parse(roleText, path + ".role");
        List<ContentPart> content = content(node.get("content"), path + ".content");
        List<ToolCall> toolCalls = List.of();
        JsonNode calls = node.get("tool_calls");
        if (calls != null && !calls.isNull()) {
            expect(calls, JsonNodeType.ARRAY, path + ".tool_calls", "an array");
            toolCalls = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                String callPath = path + ".tool_calls[" + i + "]";
                JsonNode call = calls.get(i);
                expect(call, JsonNodeType.OBJECT, callPath, "an object");
                JsonNode fn = call.get("function");
                if (fn == null || !fn.isObject()) {
                    throw GatewayError.invalidRequest("Missing required parameter: '" + callPath + ".function'.",
                            callPath + ".function", "missing_required_parameter");
                }
                JsonNode args = fn.get("arguments");
                String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
                toolCalls.add(new ToolCall(text(call, "id", callPath + ".id"), text(fn, "name", callPath + ".function.name"),
                        arguments));
            }
        }
        if (content == null && toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw GatewayError.invalidRequest("Missing required parameter: '" + path + ".content'.", path + ".content",
                    "missing_required_parameter");
        }
        String toolCallId = text(node, "tool_call_id", path + ".tool_call_id");
        if (role == Role.TOOL && toolCallId == null) {
            throw GatewayError.invalidRequest("Missing required parameter: '" + path + ".tool_call_id'.",
                    path + ".tool_call_id", "missing_required_parameter");
        }
        List<ThinkingBlock> thinking = role == Role.ASSISTANT ? ThinkingBlock.parse(node.get("thinking_blocks"), path + ".thinking_blocks") : List.of();
        return new Message(role, content, toolCalls, toolCallId, text(node, "name", path + ".name"), thinking);
    }

    private static List<ContentPart> content(JsonNode node, String path) {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return List.of(new ContentPart.Text(node.asText()));
        expect(node, JsonNodeType.ARRAY, path, "a string or an array of content parts");
        List<ContentPart> parts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String partPath = path + "[" + i + "]";
            JsonNode part = node.get(i);
            expect(part, JsonNodeType.OBJECT, partPath, "an object");
            String type = text(part, "type", partPath + ".type");
            if ("text".equals(type)) {
                String text = text(part, "text", partPath + ".text");
                if (text == null) {
                    throw GatewayError.invalidRequest("Missing required parameter: '" + partPath + ".text'.",
                            partPath + ".text", "missing_required_parameter");
                }
                parts.add(new ContentPart.Text(text));
            } else if ("image_url".equals(type)) {
                JsonNode image = part.get("image_url");
                String url = image == null ? null : image.isTextual() ? image.asText() : text(image, "url", partPath + ".image_url.url");
                if (url == null) {
                    throw GatewayError.invalidRequest("Missing required parameter: '" + partPath + ".image_url.url'.",
                            partPath + ".image_url.url", "missing_required_parameter");
                }
                parts.add(new ContentPart.Image(url, image.isObject() ? text(image, "detail", partPath + ".image_url.detail") : null));
            } else {
                throw GatewayError.invalidRequest("Invalid value for '" + partPath + ".type': '" + type
                        + "'. Supported values are: 'text' and 'image_url'.", partPath + ".type", "invalid_value");
            }
        }
        return parts;
    }

    private static List<String> stop(JsonNode raw) {
        JsonNode node = raw.get("stop");
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return List.of(node.asText());
        expect(node, JsonNodeType.ARRAY, "stop", "a string or an array of strings");
        List<String> stops = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            expect(node.get(i), JsonNodeType.STRING, "stop[" + i + "]", "a string");
            stops.add(node.get(i).asText());
        }
        return stops;
    }

    private static List<Tool> tools(JsonNode raw) {
        JsonNode node = raw.get("tools");
        if (node == null || node.isNull()) return null;
        expect(node, JsonNodeType.ARRAY, "tools", "an array");
        List<Tool> tools = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            expect(tool, JsonNodeType.OBJECT, path, "an object");
            String type = text(tool, "type", path + ".type");
            if (type != null && !"function".equals(type)) {
                throw GatewayError.invalidRequest("Invalid value for '" + path + ".type': '" + type
                        + "'. Supported values are: 'function'.", path + ".type", "invalid_value");
            }
            JsonNode fn = tool.get("function");
            if (fn == null || !fn.isObject()) {
                throw GatewayError.invalidRequest("Missing required parameter: '" + path + ".function'.",
                        path + ".function", "missing_required_parameter");
            }
            String name = text(fn, "name", path + ".function.name");
            if (name == null || name.isBlank()) {
                throw GatewayError.invalidRequest("Missing required parameter: '" + path + ".function.name'.",
                        path + ".function.name", "missing_required_parameter");
            }
            JsonNode params = fn.get("parameters");
            if (params != null && !params.isNull()) expect(params, JsonNodeType.OBJECT, path + ".function.parameters", "an object");
            tools.add(new Tool(name, text(fn, "description", path + ".function.description"),
                    params == null || params.isNull() ? null : params, bool(fn, "strict", path + ".function.strict")));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode raw) {
        JsonNode node = raw.get("tool_choice");
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> ToolChoice.Mode.AUTO;
                case "none" -> ToolChoice.Mode.NONE;
                case "required" -> ToolChoice.Mode.REQUIRED;
                default -> throw GatewayError.invalidRequest("Invalid value for 'tool_choice': '" + node.asText()
                        + "'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice", "invalid_value");
            };
        }
        expect(node, JsonNodeType.OBJECT, "tool_choice", "a string or an object");
        JsonNode fn = node.get("function");
        String name = fn == null ? null : text(fn, "name", "tool_choice.function.name");
        if (name == null) {
            throw GatewayError.invalidRequest("Missing required parameter: 'tool_choice.function.name'.",
                    "tool_choice.function.name", "missing_required_parameter");
        }
        return new ToolChoice.Function(name);
    }

    private static ResponseFormat responseFormat(JsonNode raw) {
        JsonNode node = raw.get("response_format");
        if (node == null || node.isNull()) return null;
        expect(node, JsonNodeType.OBJECT, "response_format", "an object");
        String type = text(node, "type", "response_format.type");
        if (type == null) {
            throw GatewayError.invalidRequest("Missing required parameter: 'response_format.type'.",
                    "response_format.type", "missing_required_parameter");
        }
        return switch (type) {
            case "text" -> new ResponseFormat.Text();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                JsonNode spec = node.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw GatewayError.invalidRequest("Missing required parameter: 'response_format.json_schema'.",
                            "response_format.json_schema", "missing_required_parameter");
                }
                String name = text(spec, "name", "response_format.json_schema.name");
                if (name == null) {
                    throw GatewayError.invalidRequest("Missing required parameter: 'response_format.json_schema.name'.",
                            "response_format.json_schema.name", "missing_required_parameter");
                }
                JsonNode schema = spec.get("schema");
                if (schema != null && !schema.isNull()) {
                    expect(schema, JsonNodeType.OBJECT, "response_format.json_schema.schema", "an object");
                }
                yield new ResponseFormat.JsonSchema(name, text(spec, "description", "response_format.json_schema.description"),
                        schema == null || schema.isNull() ? Json.object() : schema,
                        Boolean.TRUE.equals(bool(spec, "strict", "response_format.json_schema.strict")));
            }
            default -> throw GatewayError.invalidRequest("Invalid value for 'response_format.type': '" + type
                    + "'. Supported values are: 'text', 'json_object' and 'json_schema'.", "response_format.type",
                    "invalid_value");
        };
    }

    // ---- typed field access: each names the field it rejects ----

    private static void expect(JsonNode node, JsonNodeType type, String path, String what) {
        boolean ok = node.getNodeType() == type;
        if (!ok) {
            throw GatewayError.invalidRequest("Invalid type for '" + path + "': expected " + what + ", but got "
                    + describe(node) + " instead.", path, "invalid_type");
        }
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, field);
    }

    private static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return null;
        expect(node, JsonNodeType.STRING, path, "a string");
        return node.asText();
    }

    private static Boolean bool(JsonNode parent, String field) {
        return bool(parent, field, field);
    }

    private static Boolean bool(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return null;
        expect(node, JsonNodeType.BOOLEAN, path, "a boolean");
        return node.asBoolean();
    }

    private static Double number(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return null;
        expect(node, JsonNodeType.NUMBER, field, "a number");
        return node.asDouble();
    }

    private static Integer integer(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw GatewayError.invalidRequest("Invalid type for '" + field + "': expected an integer, but got "
                    + describe(node) + " instead.", field, "invalid_type");
        }
        return node.intValue();
    }

    private static Long longValue(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw GatewayError.invalidRequest("Invalid type for '" + field + "': expected an integer, but got "
                    + describe(node) + " instead.", field, "invalid_type");
        }
        return node.longValue();
    }
}
