package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Ids;
import java.util.Set;

/**
 * A request's {@code input} as the list of items OpenAI's {@code input_items} lists: a string is one
 * user message, a message's string content one text part ({@code input_text}, or {@code output_text}
 * for the assistant), and every item has an id. The translator and the store read only this form.
 */
public final class InputItems {
    private static final Set<String> ROLES = Set.of("user", "system", "developer", "assistant");

    private InputItems() {}

    public static ArrayNode normalize(JsonNode input) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        if (input == null || input.isNull()) return items;
        if (input.isTextual()) {
            items.add(message("user", textParts("user", input.asText())));
            return items;
        }
        int i = 0;
        for (JsonNode item : input) {
            String where = "input[" + i++ + "]";
            if (!item.isObject()) throw GatewayError.invalidRequest(where + ": must be an object", where);
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            items.add(switch (type) {
                case "message" -> message(item, where);
                case "function_call" -> {
                    ObjectNode call = withId(item, "fc_");
                    require(call, "call_id", where);
                    require(call, "name", where);
                    require(call, "arguments", where);
                    if (!call.has("status")) call.put("status", "completed");
                    yield call;
                }
                case "function_call_output" -> {
                    ObjectNode output = withId(item, "fco_");
                    require(output, "call_id", where);
                    outputText(output.get("output"), where + ".output");
                    if (!output.has("status")) output.put("status", "completed");
                    yield output;
                }
                case "reasoning" -> withId(item, "rs_");
                default -> throw GatewayError.invalidRequest(where + ".type: '" + type + "' is not supported by the gateway "
                        + "(message, function_call, function_call_output, reasoning are)", where + ".type");
            });
        }
        return items;
    }

    /** A function call's output as text: a string, or its text parts joined. */
    static String outputText(JsonNode output, String where) {
        if (output != null && output.isTextual()) return output.asText();
        if (output == null || !output.isArray()) throw GatewayError.invalidRequest(where + ": must be a string or an array of parts", where);
        StringBuilder text = new StringBuilder();
        for (JsonNode part : output) {
            if (!"input_text".equals(part.path("type").asText())) {
                throw GatewayError.invalidRequest(where + ": only input_text parts are supported for this provider", where);
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }

    private static ObjectNode message(JsonNode item, String where) {
        String role = item.path("role").asText();
        if (!ROLES.contains(role)) {
            throw GatewayError.invalidRequest(where + ".role: must be 'user', 'system', 'developer' or 'assistant'", where + ".role");
        }
        JsonNode content = item.get("content");
        ArrayNode parts;
        if (content != null && content.isTextual()) {
            parts = textParts(role, content.asText());
        } else if (content != null && content.isArray()) {
            parts = (ArrayNode) content.deepCopy();
            int p = 0;
            for (JsonNode part : parts) {
                if (!part.isObject() || !part.path("type").isTextual()) {
                    String at = where + ".content[" + p + "]";
                    throw GatewayError.invalidRequest(at + ": must be a content part with a type", at);
                }
                p++;
            }
        } else {
            throw GatewayError.invalidRequest(where + ".content: must be a string or an array of content parts", where + ".content");
        }
        ObjectNode message = message(role, parts);
        if (item.path("id").isTextual()) message.put("id", item.path("id").asText());
        return message;
    }

    private static ObjectNode message(String role, ArrayNode parts) {
        ObjectNode message = Json.object().put("type", "message").put("id", Ids.responses("msg_")).put("role", role);
        message.put("status", "completed");
        message.set("content", parts);
        return message;
    }

    private static ArrayNode textParts(String role, String text) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        ObjectNode part = parts.addObject().put("type", role.equals("assistant") ? "output_text" : "input_text").put("text", text);
        if (role.equals("assistant")) part.putArray("annotations");
        return parts;
    }

    private static ObjectNode withId(JsonNode item, String prefix) {
        ObjectNode copy = (ObjectNode) item.deepCopy();
        if (!copy.path("id").isTextual()) copy.put("id", Ids.responses(prefix));
        return copy;
    }

    private static void require(JsonNode item, String field, String where) {
        if (!item.path(field).isTextual()) {
            throw GatewayError.invalidRequest(where + "." + field + ": Field required (a string)", where + "." + field);
        }
    }
}
