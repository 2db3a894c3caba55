package dev.llmgateway.core.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.ContentPart;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.Message;
import dev.llmgateway.core.api.ReasoningEffort;
import dev.llmgateway.core.api.ResponseFormat;
import dev.llmgateway.core.api.ThinkingBlock;
import dev.llmgateway.core.api.Tool;
import dev.llmgateway.core.api.ToolCall;
import dev.llmgateway.core.api.ToolChoice;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.ClaudeThinking;
import dev.llmgateway.core.spi.RequestChecks;
import dev.llmgateway.core.spi.StructuredOutputTool;
import dev.llmgateway.core.spi.ToolArguments;
import java.util.List;
import java.util.Set;

/**
 * Builds the Messages API body from an OpenAI chat request. System and developer messages become
 * the top-level {@code system}; the remaining turns alternate user/assistant, with tool results
 * carried in user turns, as Anthropic requires.
 */
final class MessagesBody {
    static final String JSON_INSTRUCTION = "Respond with a single valid JSON object and nothing else: "
            + "no text before or after it, and no Markdown code fences.";
    /** The image types the Messages API accepts inline. */
    private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private final String provider;

    MessagesBody(String provider) {
        this.provider = provider;
    }

    ObjectNode build(ChatRequest request, String model, boolean stream, int defaultMaxTokens, OutputMode mode) {
        RequestChecks.translatable(request, provider);
        ObjectNode body = Json.object();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);

        ArrayNode system = Json.MAPPER.createArrayNode();
        body.set("messages", messages(request.messages(), system));
        if (mode == OutputMode.JSON_INSTRUCTION) system.addObject().put("type", "text").put("text", JSON_INSTRUCTION);
        if (!system.isEmpty()) body.set("system", system);

        sampling(request, body);
        tools(request, body, mode);
        thinking(request, body, mode);
        if (mode == OutputMode.NATIVE_SCHEMA && request.responseFormat() instanceof ResponseFormat.JsonSchema schema) {
            body.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", nativeSchema(schema));
        }
        if (stream) body.put("stream", true);
        return body;
    }

    private void sampling(ChatRequest request, ObjectNode body) {
        if (request.temperature() != null) {
            // OpenAI's 0..2 has no faithful image in Anthropic's 0..1: scaling would change every request's
            // meaning, so values above 1 are refused rather than reinterpreted.
            if (request.temperature() > 1) {
                throw GatewayError.invalidRequest("Invalid 'temperature': provider 'anthropic' accepts values from 0 to 1, got "
                        + request.temperature() + ".", "temperature", "unsupported_value");
            }
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) body.put("top_p", request.topP());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            throw GatewayError.unsupported(provider, "seed", "the Messages API has no seeded sampling");
        }
        if (request.user() != null) body.putObject("metadata").put("user_id", request.user());
    }

    /**
     * {@code reasoning_effort} as extended thinking (docs/reasoning.md). Anthropic counts thinking in
     * {@code max_tokens} and needs the budget below it, so the budget is added on top of what the
     * client allowed the answer. A turn that answers tool results runs with thinking only when the
     * client sent the earlier turn's signed thinking back.
     */
    private void thinking(ChatRequest request, ObjectNode body, OutputMode mode) {
        ReasoningEffort effort = ClaudeThinking.effort(request, provider, mode == OutputMode.TOOL_REWRITE);
        if (effort == null) return;
        body.put("max_tokens", body.get("max_tokens").asInt() + effort.budgetTokens());
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", effort.budgetTokens());
    }

    // ---- messages ----

    private ArrayNode messages(List<Message> messages, ArrayNode system) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String path = "messages[" + i + "]";
            switch (message.role()) {
                case SYSTEM -> system.addAll(textOnly(message, path));
                case USER -> append(out, "user", userContent(message, path));
                case TOOL -> append(out, "user", List.of(toolResult(message, path)));
                case ASSISTANT -> append(out, "assistant", assistantContent(message, path));
            }
        }
        return out;
    }

    /** Adds blocks as a turn of {@code role}, merged into the previous turn when it has the same role. */
    private void append(ArrayNode out, String role, Iterable<? extends JsonNode> blocks) {
        if (!blocks.iterator().hasNext()) return; // nothing to say: Anthropic rejects empty turns
        JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
        ArrayNode content;
        if (last != null && role.equals(last.path("role").asText())) {
            content = (ArrayNode) last.get("content");
        } else {
            ObjectNode turn = out.addObject();
            turn.put("role", role);
            content = turn.putArray("content");
        }
        blocks.forEach(content::add);
    }

    private ArrayNode userContent(Message message, String path) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (message.content() == null) return blocks;
        for (int j = 0; j < message.content().size(); j++) {
            switch (message.content().get(j)) {
                case ContentPart.Text t -> addText(blocks, t.text());
                case ContentPart.Image image -> blocks.add(image(image, path + ".content[" + j + "]"));
            }
        }
        return blocks;
    }

    private ArrayNode textOnly(Message message, String path) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (message.content() == null) return blocks;
        for (int j = 0; j < message.content().size(); j++) {
            switch (message.content().get(j)) {
                case ContentPart.Text t -> addText(blocks, t.text());
                case ContentPart.Image ignored -> throw GatewayError.unsupported(provider, path + ".content[" + j + "]",
                        "images are accepted only in user and tool messages");
            }
        }
        return blocks;
    }

    private ArrayNode assistantContent(Message message, String path) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        // Signed thinking first, as Anthropic sent it: a tool loop with thinking on needs it back unchanged.
        for (ThinkingBlock thinking : message.thinkingBlocks()) blocks.add(Json.MAPPER.valueToTree(thinking));
        blocks.addAll(textOnly(message, path));
        for (int j = 0; j < message.toolCalls().size(); j++) {
            ToolCall call = message.toolCalls().get(j);
            String callPath = path + ".tool_calls[" + j + "]";
            if (call.id() == null) {
                throw GatewayError.invalidRequest("Missing required parameter: '" + callPath + ".id'.", callPath + ".id",
                        "missing_required_parameter");
            }
            ObjectNode use = blocks.addObject();
            use.put("type", "tool_use");
            use.put("id", call.id());
            use.put("name", call.name());
            use.set("input", ToolArguments.object(call.arguments(), callPath + ".function.arguments"));
        }
        return blocks;
    }

    private ObjectNode toolResult(Message message, String path) {
        ObjectNode result = Json.object();
        result.put("type", "tool_result");
        result.put("tool_use_id", message.toolCallId());
        ArrayNode content = userContent(message, path);
        if (!content.isEmpty()) result.set("content", content);
        return result;
    }

    /** Anthropic rejects empty text blocks; an empty string says nothing, so it is left out. */
    private void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) blocks.addObject().put("type", "text").put("text", text);
    }

    private ObjectNode image(ContentPart.Image image, String path) {
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        ContentPart.InlineImage inline = image.inline();
        if (inline != null) {
            if (!MEDIA_TYPES.contains(inline.mediaType())) {
                throw GatewayError.unsupported(provider, path + ".image_url.url",
                        "inline images must be image/jpeg, image/png, image/gif or image/webp, not " + inline.mediaType());
            }
            source.put("type", "base64").put("media_type", inline.mediaType()).put("data", inline.base64());
        } else if (image.url().startsWith("https://") || image.url().startsWith("http://")) {
            source.put("type", "url").put("url", image.url());
        } else {
            throw GatewayError.invalidRequest("Invalid '" + path + ".image_url.url': expected an http(s) URL or a base64 "
                    + "data: URL.", path + ".image_url.url", "invalid_value");
        }
        return block;
    }

    // ---- tools and structured output ----

    private void tools(ChatRequest request, ObjectNode body, OutputMode mode) {
        if (mode == OutputMode.TOOL_REWRITE) {
            StructuredOutputTool.applies(request); // refuses client tools: a forced tool would shut them out
            body.putArray("tools").add(tool(StructuredOutputTool.NAME, StructuredOutputTool.description(request),
                    StructuredOutputTool.schema(request), null));
            // One call only, so the JSON the client gets is exactly one object.
            body.putObject("tool_choice").put("type", "tool").put("name", StructuredOutputTool.NAME)
                    .put("disable_parallel_tool_use", true);
            return;
        }
        ToolChoice choice = request.toolChoice();
        if (request.tools().isEmpty()) {
            if (choice == ToolChoice.Mode.REQUIRED || choice instanceof ToolChoice.Function) {
                throw GatewayError.invalidRequest("Invalid 'tool_choice': it requires a tool, but 'tools' is empty.",
                        "tool_choice", "invalid_value");
            }
            return; // auto/none/parallel_tool_calls without tools change nothing
        }
        ArrayNode tools = body.putArray("tools");
        for (Tool tool : request.tools()) {
            tools.add(tool(tool.name(), tool.description(), tool.parameters(), tool.strict()));
        }
        ObjectNode toolChoice = switch (choice) {
            case null -> Boolean.FALSE.equals(request.parallelToolCalls()) ? Json.object().put("type", "auto") : null;
            case ToolChoice.Mode.AUTO -> Json.object().put("type", "auto");
            case ToolChoice.Mode.NONE -> Json.object().put("type", "none");
            case ToolChoice.Mode.REQUIRED -> Json.object().put("type", "any");
            case ToolChoice.Function f -> Json.object().put("type", "tool").put("name", f.name());
        };
        if (toolChoice == null) return;
        if (Boolean.FALSE.equals(request.parallelToolCalls()) && choice != ToolChoice.Mode.NONE) {
            toolChoice.put("disable_parallel_tool_use", true);
        }
        body.set("tool_choice", toolChoice);
    }

    private ObjectNode tool(String name, String description, JsonNode parameters, Boolean strict) {
        ObjectNode tool = Json.object();
        tool.put("name", name);
        if (description != null) tool.put("description", description);
        tool.set("input_schema", parameters == null ? Json.object().put("type", "object") : parameters);
        if (Boolean.TRUE.equals(strict)) tool.put("strict", true); // Anthropic's strict tool use, same meaning
        return tool;
    }

    /** The client's schema; OpenAI's separate description goes into the schema's own, unless it has one. */
    private JsonNode nativeSchema(ResponseFormat.JsonSchema format) {
        if (format.description() == null || !format.schema().isObject() || format.schema().has("description")) {
            return format.schema();
        }
        ObjectNode schema = ((ObjectNode) format.schema()).deepCopy();
        schema.put("description", format.description());
        return schema;
    }
}
