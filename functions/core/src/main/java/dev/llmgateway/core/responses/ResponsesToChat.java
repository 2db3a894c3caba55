package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.api.ReasoningEffort;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.json.Json;
import java.util.Set;

/**
 * An inbound Responses request, with the conversation it continues, as the gateway's OpenAI-schema
 * {@link ChatRequest}, so any provider can serve it; the provider's own translator then applies
 * chat's rules (tool choice, JSON schema handling, fields it cannot honour). A Responses field with
 * no chat counterpart is a 400 naming it. Reasoning items (earlier thinking) are accepted and left
 * out: chat has no place for them.
 */
public final class ResponsesToChat {
    /** The {@code reasoning.summary} values accepted (and answered with the thinking text itself). */
    private static final Set<String> SUMMARIES = Set.of("auto", "concise", "detailed");
    /** Fields translated, or read by the gateway itself (store, previous_response_id, metadata, stream). */
    private static final Set<String> TOP_LEVEL = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "text", "max_output_tokens", "temperature", "top_p", "metadata", "stream", "store",
            "previous_response_id", "user", "reasoning", "include", "truncation", "stream_options");

    private ResponsesToChat() {}

    /**
     * @param context the items of the conversation so far (earlier input and output), already in
     *     {@link InputItems#normalize} form; empty without {@code previous_response_id}
     * @param input this request's input items, normalised
     */
    public static ChatRequest translate(ResponsesRequest request, ArrayNode context, ArrayNode input, String provider) {
        JsonNode in = request.tree();
        in.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL.contains(field)) throw unsupported(provider, field);
        });
        checkHonoured(in, provider);
        ObjectNode out = Json.object();
        out.put("model", request.model());
        ArrayNode messages = out.putArray("messages");
        JsonNode instructions = in.get("instructions");
        if (instructions != null && !instructions.isNull()) {
            if (!instructions.isTextual()) throw GatewayError.invalidRequest("instructions: must be a string", "instructions");
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        Messages builder = new Messages(messages);
        for (JsonNode item : context) builder.add(item, "previous_response_id");
        int i = 0;
        for (JsonNode item : input) builder.add(item, "input[" + i++ + "]");
        if (request.maxOutputTokens() != null) out.put("max_completion_tokens", request.maxOutputTokens());
        copyNumber(in, "temperature", out);
        copyNumber(in, "top_p", out);
        tools(in.get("tools"), out, provider);
        toolChoice(in.get("tool_choice"), out, provider);
        JsonNode parallel = in.get("parallel_tool_calls");
        if (parallel != null && !parallel.isNull()) {
            if (!parallel.isBoolean()) throw GatewayError.invalidRequest("parallel_tool_calls: must be a boolean", "parallel_tool_calls");
            out.put("parallel_tool_calls", parallel.booleanValue());
        }
        format(in.path("text"), out, provider);
        JsonNode user = in.get("user");
        if (user != null && !user.isNull()) {
            if (!user.isTextual()) throw GatewayError.invalidRequest("user: must be a string", "user");
            out.put("user", user.asText());
        }
        JsonNode effort = in.path("reasoning").get("effort");
        if (effort != null && !effort.isNull()) {
            if (!effort.isTextual()) throw GatewayError.invalidRequest("reasoning.effort: must be a string", "reasoning.effort");
            out.put("reasoning_effort", ReasoningEffort.parse(effort.asText(), "reasoning.effort").wire());
        }
        if (request.stream()) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return ChatRequest.parse(Json.bytes(out));
    }

    /** Options that only the upstream Responses API can honour: accepted at their neutral value, else a 400 naming them. */
    private static void checkHonoured(JsonNode in, String provider) {
        JsonNode reasoning = in.get("reasoning");
        if (reasoning != null && !reasoning.isNull()) {
            if (!reasoning.isObject()) throw GatewayError.invalidRequest("reasoning: must be an object", "reasoning");
            reasoning.fieldNames().forEachRemaining(field -> {
                JsonNode value = reasoning.get(field);
                if (value.isNull() || field.equals("effort")) return; // effort becomes the chat request's reasoning_effort
                // A summary cannot be made: the thinking text itself comes back as reasoning_text (docs/reasoning.md).
                if ((field.equals("summary") || field.equals("generate_summary")) && SUMMARIES.contains(value.asText())) return;
                throw unsupported(provider, "reasoning." + field);
            });
        }
        JsonNode include = in.get("include");
        if (include != null && !include.isNull() && !(include.isArray() && include.isEmpty())) throw unsupported(provider, "include");
        JsonNode truncation = in.get("truncation");
        if (truncation != null && !truncation.isNull() && !"disabled".equals(truncation.asText())) {
            throw unsupported(provider, "truncation");
        }
        JsonNode options = in.get("stream_options");
        if (options != null && !options.isNull()) {
            options.fieldNames().forEachRemaining(field -> {
                throw unsupported(provider, "stream_options." + field);
            });
        }
        Metadata.check(in.get("metadata"));
    }

    private static void tools(JsonNode tools, ObjectNode out, String provider) {
        if (tools == null || tools.isNull()) return;
        if (!tools.isArray()) throw GatewayError.invalidRequest("tools: must be an array", "tools");
        if (tools.isEmpty()) return;
        ArrayNode functions = out.putArray("tools");
        int t = 0;
        for (JsonNode tool : tools) {
            String where = "tools[" + t++ + "]";
            if (!"function".equals(tool.path("type").asText())) {
                throw GatewayError.unsupported(provider, where + ".type", "only function tools are translated; built-in tools run only at OpenAI");
            }
            if (!tool.path("name").isTextual()) throw GatewayError.invalidRequest(where + ".name: Field required", where + ".name");
            ObjectNode function = functions.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            if (tool.hasNonNull("description")) function.set("description", tool.get("description"));
            if (tool.hasNonNull("parameters")) function.set("parameters", tool.get("parameters"));
            if (tool.hasNonNull("strict")) function.set("strict", tool.get("strict"));
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode out, String provider) {
        if (choice == null || choice.isNull()) return;
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto", "none", "required" -> out.put("tool_choice", choice.asText());
                default -> throw GatewayError.invalidRequest("tool_choice: must be 'auto', 'none', 'required' or a function",
                        "tool_choice");
            }
            return;
        }
        if ("function".equals(choice.path("type").asText()) && choice.path("name").isTextual()) {
            out.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.path("name").asText());
            return;
        }
        throw unsupported(provider, "tool_choice");
    }

    /** {@code text.format}: chat's {@code response_format}, so structured output takes chat's schema handling per provider. */
    private static void format(JsonNode text, ObjectNode out, String provider) {
        if (text.isMissingNode() || text.isNull()) return;
        text.fieldNames().forEachRemaining(field -> {
            if (!field.equals("format") && !text.get(field).isNull()) throw unsupported(provider, "text." + field);
        });
        JsonNode format = text.get("format");
        if (format == null || format.isNull()) return;
        switch (format.path("type").asText()) {
            case "text" -> { }
            case "json_object" -> out.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                if (!format.path("name").isTextual()) throw GatewayError.invalidRequest("text.format.name: Field required", "text.format.name");
                schema.set("name", format.get("name"));
                if (format.hasNonNull("description")) schema.set("description", format.get("description"));
                if (format.hasNonNull("schema")) schema.set("schema", format.get("schema"));
                if (format.hasNonNull("strict")) schema.set("strict", format.get("strict"));
            }
            default -> throw GatewayError.invalidRequest("text.format.type: must be 'text', 'json_object' or 'json_schema'",
                    "text.format.type");
        }
    }

    private static void copyNumber(JsonNode in, String field, ObjectNode out) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) return;
        if (!value.isNumber()) throw GatewayError.invalidRequest(field + ": must be a number", field);
        out.set(field, value);
    }

    static GatewayError unsupported(String provider, String field) {
        return GatewayError.unsupported(provider, field, "the Responses API is translated to chat for this provider");
    }

    /**
     * Chat messages from items. Consecutive function calls (and the assistant text before them)
     * become one assistant message with {@code tool_calls}, as chat expects a turn's calls together.
     */
    private static final class Messages {
        private final ArrayNode messages;
        private ObjectNode assistant; // the open assistant message calls may still join
        private JsonNode thinking; // signed thinking from a reasoning item, for the next assistant message

        Messages(ArrayNode messages) {
            this.messages = messages;
        }

        void add(JsonNode item, String where) {
            switch (item.path("type").asText()) {
                case "message" -> message(item, where);
                case "function_call" -> {
                    if (assistant == null) assistant = assistant(messages.addObject().put("role", "assistant").putNull("content"));
                    ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls") : assistant.putArray("tool_calls");
                    calls.addObject().put("id", item.path("call_id").asText()).put("type", "function").putObject("function")
                            .put("name", item.path("name").asText()).put("arguments", item.path("arguments").asText());
                }
                case "function_call_output" -> {
                    assistant = null;
                    messages.addObject().put("role", "tool").put("tool_call_id", item.path("call_id").asText())
                            .put("content", InputItems.outputText(item.get("output"), where + ".output"));
                }
                // An earlier turn's thinking: only Claude's signed blocks are carried on, to the assistant turn they belong to.
                case "reasoning" -> thinking = SignedThinking.decode(item.get("encrypted_content"));
                default -> throw GatewayError.invalidRequest(where + ".type: '" + item.path("type").asText()
                        + "' is not supported for this provider (message, function_call, function_call_output, reasoning are)",
                        where + ".type");
            }
        }

        private ObjectNode assistant(ObjectNode message) {
            if (thinking != null) message.set("thinking_blocks", thinking);
            thinking = null;
            return message;
        }

        private void message(JsonNode item, String where) {
            String role = item.path("role").asText();
            JsonNode content = item.path("content");
            if (role.equals("assistant")) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part : content) {
                    if (part.path("type").asText().equals("refusal")) text.append(part.path("refusal").asText());
                    else text.append(part.path("text").asText());
                }
                assistant = assistant(messages.addObject().put("role", "assistant").put("content", text.toString()));
                return;
            }
            assistant = null;
            ArrayNode parts = Json.MAPPER.createArrayNode();
            int p = 0;
            for (JsonNode part : content) {
                String at = where + ".content[" + p++ + "]";
                switch (part.path("type").asText()) {
                    case "input_text" -> parts.addObject().put("type", "text").put("text", part.path("text").asText());
                    case "input_image" -> {
                        if (!part.path("image_url").isTextual()) {
                            throw GatewayError.invalidRequest(at + ": images are translated from image_url only (file_id is not supported for this provider)", at + ".image_url");
                        }
                        ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url")
                                .put("url", part.path("image_url").asText());
                        if (part.hasNonNull("detail")) url.set("detail", part.get("detail"));
                    }
                    default -> throw GatewayError.invalidRequest(at + ".type: '" + part.path("type").asText()
                            + "' is not supported for this provider (input_text, input_image are)", at + ".type");
                }
            }
            String chatRole = role.equals("developer") ? "system" : role;
            if (!chatRole.equals("user")) {
                // system text: chat translators expect a string there
                StringBuilder text = new StringBuilder();
                for (JsonNode part : parts) {
                    if (!part.path("type").asText().equals("text")) {
                        throw GatewayError.invalidRequest(where + ".content: a " + role + " message takes text only", where + ".content");
                    }
                    if (!text.isEmpty()) text.append("\n\n");
                    text.append(part.path("text").asText());
                }
                messages.addObject().put("role", chatRole).put("content", text.toString());
            } else {
                messages.addObject().put("role", "user").set("content", parts);
            }
        }
    }
}
