package dev.llmgateway.core.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.MessagesRequest;
import dev.llmgateway.core.json.Json;
import java.util.Set;

/**
 * An inbound Messages request as the gateway's OpenAI-schema {@link ChatRequest}, so any provider
 * can serve it. Fields with no OpenAI counterpart are a 400 naming them; {@code cache_control} is
 * the one exception: a caching hint, accepted and left out (these backends cache by themselves or
 * not at all), so that clients such as Claude Code, which always send it, work.
 */
public final class MessagesToChat {
    private static final Set<String> TOP_LEVEL = Set.of("model", "max_tokens", "messages", "system", "stream",
            "temperature", "top_p", "stop_sequences", "tools", "tool_choice", "metadata", "output_config");
    /** The name given to the client's schema in OpenAI's {@code response_format.json_schema}, which requires one. */
    static final String SCHEMA_NAME = "output";

    private MessagesToChat() {}

    public static ChatRequest translate(MessagesRequest request, String provider) {
        JsonNode in = request.tree();
        in.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL.contains(field) && !(field.equals("thinking") && "disabled".equals(in.path("thinking").path("type").asText()))) {
                throw GatewayError.unsupported(provider, field, "the Messages API is translated to OpenAI chat for this provider");
            }
        });
        ObjectNode out = Json.object();
        out.put("model", request.model());
        out.put("max_tokens", request.maxTokens());
        ArrayNode messages = out.putArray("messages");
        JsonNode system = in.get("system");
        if (system != null && !system.isNull()) messages.addObject().put("role", "system").put("content", text(system, "system"));
        int i = 0;
        for (JsonNode message : in.path("messages")) {
            String where = "messages[" + i++ + "]";
            String role = message.path("role").asText();
            switch (role) {
                case "user" -> user(message.get("content"), where, messages);
                case "assistant" -> assistant(message.get("content"), where, messages);
                default -> throw GatewayError.invalidRequest(where + ".role: must be 'user' or 'assistant'", where + ".role");
            }
        }
        copyNumber(in, "temperature", out);
        copyNumber(in, "top_p", out);
        JsonNode stops = in.get("stop_sequences");
        if (stops != null) {
            if (!stops.isArray()) throw GatewayError.invalidRequest("stop_sequences: must be an array of strings", "stop_sequences");
            out.set("stop", stops);
        }
        JsonNode tools = in.get("tools");
        if (tools != null) {
            ArrayNode functions = out.putArray("tools");
            int t = 0;
            for (JsonNode tool : tools) {
                String where = "tools[" + t++ + "]";
                if (tool.hasNonNull("type") && !"custom".equals(tool.path("type").asText())) {
                    throw GatewayError.unsupported(provider, where + ".type", "server tools run only at Anthropic");
                }
                ObjectNode function = functions.addObject().put("type", "function").putObject("function");
                function.put("name", tool.path("name").asText());
                if (tool.hasNonNull("description")) function.put("description", tool.path("description").asText());
                function.set("parameters", tool.has("input_schema") ? tool.get("input_schema") : Json.object().put("type", "object"));
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            switch (choice.path("type").asText()) {
                case "auto" -> out.put("tool_choice", "auto");
                case "any" -> out.put("tool_choice", "required");
                case "none" -> out.put("tool_choice", "none");
                case "tool" -> out.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", choice.path("name").asText());
                default -> throw GatewayError.invalidRequest("tool_choice.type: must be auto, any, tool or none", "tool_choice.type");
            }
            if (choice.path("disable_parallel_tool_use").asBoolean(false)) out.put("parallel_tool_calls", false);
        }
        if (in.path("metadata").hasNonNull("user_id")) out.put("user", in.path("metadata").path("user_id").asText());
        JsonNode output = in.get("output_config");
        if (output != null && !output.isNull()) outputConfig(output, provider, out);
        if (request.stream()) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return ChatRequest.parse(Json.bytes(out));
    }

    /**
     * {@code output_config.format} (Anthropic's structured output) as OpenAI's {@code response_format}
     * with a strict JSON schema, which every backend honours its own way (OpenAI natively, Gemini's
     * response schema, Ollama's {@code format}, Bedrock's forced tool). {@code effort} has no
     * counterpart, so it is a 400 naming it.
     */
    private static void outputConfig(JsonNode config, String provider, ObjectNode out) {
        if (!config.isObject()) throw GatewayError.invalidRequest("output_config: must be an object", "output_config");
        config.fieldNames().forEachRemaining(field -> {
            if (!field.equals("format")) {
                throw GatewayError.unsupported(provider, "output_config." + field, "the Messages API is translated to OpenAI chat for this provider");
            }
        });
        JsonNode format = config.get("format");
        if (format == null || format.isNull()) return;
        if (!format.isObject()) throw GatewayError.invalidRequest("output_config.format: must be an object", "output_config.format");
        if (!"json_schema".equals(format.path("type").asText())) {
            throw GatewayError.invalidRequest("output_config.format.type: must be 'json_schema'", "output_config.format.type");
        }
        JsonNode schema = format.get("schema");
        if (schema == null || !schema.isObject()) {
            throw GatewayError.invalidRequest("output_config.format.schema: Field required (a JSON schema object)", "output_config.format.schema");
        }
        format.fieldNames().forEachRemaining(field -> {
            if (!field.equals("type") && !field.equals("schema")) {
                throw GatewayError.unsupported(provider, "output_config.format." + field, "the Messages API is translated to OpenAI chat for this provider");
            }
        });
        ObjectNode jsonSchema = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        jsonSchema.put("name", SCHEMA_NAME).put("strict", true).set("schema", schema);
    }

    private static void user(JsonNode content, String where, ArrayNode messages) {
        if (content == null || content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content == null ? "" : content.asText());
            return;
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        int b = 0;
        for (JsonNode block : content) {
            String at = where + ".content[" + b++ + "]";
            switch (block.path("type").asText()) {
                case "text" -> parts.addObject().put("type", "text").put("text", block.path("text").asText());
                case "image" -> parts.addObject().put("type", "image_url").putObject("image_url").put("url", imageUrl(block.path("source"), at));
                case "tool_result" -> {
                    flush(parts, messages);
                    String result = text(block.get("content"), at + ".content");
                    // OpenAI has no error flag on a tool message: the model reads it from the text.
                    messages.addObject().put("role", "tool").put("tool_call_id", block.path("tool_use_id").asText())
                            .put("content", block.path("is_error").asBoolean(false) ? "Error: " + result : result);
                }
                default -> throw GatewayError.invalidRequest(at + ".type: '" + block.path("type").asText()
                        + "' is not supported for this provider (text, image, tool_result are)", at + ".type");
            }
        }
        flush(parts, messages);
    }

    private static void flush(ArrayNode parts, ArrayNode messages) {
        if (parts.isEmpty()) return;
        messages.addObject().put("role", "user").set("content", parts.deepCopy());
        parts.removeAll();
    }

    private static void assistant(JsonNode content, String where, ArrayNode messages) {
        ObjectNode message = messages.addObject().put("role", "assistant");
        if (content == null || content.isTextual()) {
            message.put("content", content == null ? "" : content.asText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        int b = 0;
        for (JsonNode block : content) {
            String at = where + ".content[" + b++ + "]";
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.addObject().put("id", block.path("id").asText()).put("type", "function")
                        .putObject("function").put("name", block.path("name").asText())
                        .put("arguments", Json.string(block.has("input") ? block.get("input") : Json.object()));
                case "thinking", "redacted_thinking" -> { } // earlier reasoning of an Anthropic model: no place in OpenAI chat
                default -> throw GatewayError.invalidRequest(at + ".type: '" + block.path("type").asText()
                        + "' is not supported for this provider (text, tool_use are)", at + ".type");
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) message.putNull("content");
        else message.put("content", text.toString());
        if (!calls.isEmpty()) message.set("tool_calls", calls);
    }

    private static String imageUrl(JsonNode source, String at) {
        return switch (source.path("type").asText()) {
            case "base64" -> "data:" + source.path("media_type").asText() + ";base64," + source.path("data").asText();
            case "url" -> source.path("url").asText();
            default -> throw GatewayError.invalidRequest(at + ".source.type: must be base64 or url", at + ".source.type");
        };
    }

    /** A string, or text blocks joined (system prompts, tool results). */
    private static String text(JsonNode node, String where) {
        if (node == null || node.isNull()) return "";
        if (node.isTextual()) return node.asText();
        StringBuilder text = new StringBuilder();
        for (JsonNode block : node) {
            if (!"text".equals(block.path("type").asText())) {
                throw GatewayError.invalidRequest(where + ": only text blocks are supported for this provider", where);
            }
            if (!text.isEmpty()) text.append("\n\n");
            text.append(block.path("text").asText());
        }
        return text.toString();
    }

    private static void copyNumber(JsonNode in, String field, ObjectNode out) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) return;
        if (!value.isNumber()) throw GatewayError.invalidRequest(field + ": must be a number", field);
        out.set(field, value);
    }
}
