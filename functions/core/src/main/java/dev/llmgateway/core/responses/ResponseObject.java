package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.FinishReason;
import dev.llmgateway.core.api.ResponsesRequest;
import dev.llmgateway.core.api.Usage;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.spi.Ids;

/**
 * The {@code response} object of a translated answer, in OpenAI's field order: its id and time,
 * status, output items and usage, and the request's settings echoed as OpenAI echoes them (with
 * OpenAI's defaults for those not sent).
 *
 * @param id the gateway's {@code resp_...} id, which the store keys it by
 */
public record ResponseObject(String id, long createdAt, ResponsesRequest request) {

    public static ResponseObject start(ResponsesRequest request, long createdAt) {
        return new ResponseObject(Ids.responses("resp_"), createdAt, request);
    }

    /** The response in a state: {@code in_progress} with no output yet, or final with its output and usage. */
    public ObjectNode render(String status, ArrayNode output, Usage usage, String incompleteReason) {
        JsonNode in = request.tree();
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("object", "response");
        out.put("created_at", createdAt);
        out.put("status", status);
        out.put("background", false);
        out.putNull("error");
        if (incompleteReason == null) out.putNull("incomplete_details");
        else out.putObject("incomplete_details").put("reason", incompleteReason);
        echo(in, "instructions", out, null);
        echo(in, "max_output_tokens", out, null);
        out.put("model", request.model());
        out.set("output", output == null ? Json.MAPPER.createArrayNode() : output);
        out.put("parallel_tool_calls", in.path("parallel_tool_calls").asBoolean(true));
        echo(in, "previous_response_id", out, null);
        ObjectNode reasoning = out.putObject("reasoning");
        reasoning.putNull("effort");
        reasoning.putNull("summary");
        out.put("store", request.store());
        echo(in, "temperature", out, 1.0);
        if (in.path("text").hasNonNull("format")) out.putObject("text").set("format", in.path("text").get("format"));
        else out.putObject("text").putObject("format").put("type", "text");
        echo(in, "tool_choice", out, "auto");
        out.set("tools", in.path("tools").isArray() ? in.get("tools") : Json.MAPPER.createArrayNode());
        echo(in, "top_p", out, 1.0);
        out.put("truncation", "disabled");
        if (usage == null) out.putNull("usage");
        else out.set("usage", Json.MAPPER.valueToTree(usage.responsesWire()));
        echo(in, "user", out, null);
        out.set("metadata", in.path("metadata").isObject() ? in.get("metadata") : Json.object());
        return out;
    }

    /** OpenAI's status and incomplete reason for a chat finish reason. */
    static String status(String finishReason) {
        return incompleteReason(finishReason) == null ? "completed" : "incomplete";
    }

    static String incompleteReason(String finishReason) {
        if (FinishReason.LENGTH.equals(finishReason)) return "max_output_tokens";
        if (FinishReason.CONTENT_FILTER.equals(finishReason)) return "content_filter";
        return null;
    }

    private static void echo(JsonNode in, String field, ObjectNode out, Object absent) {
        JsonNode value = in.get(field);
        if (value != null && !value.isNull()) out.set(field, value);
        else if (absent == null) out.putNull(field);
        else out.set(field, Json.MAPPER.valueToTree(absent));
    }
}
