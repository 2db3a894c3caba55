package dev.llmgateway.core.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/** One page of a stored response's input items in OpenAI's list shape: {@code order} desc (default) or asc, {@code limit} 1-100 (20), {@code after} an item id. */
final class InputItemList {
    private InputItemList() {}

    static ObjectNode page(ArrayNode items, String order, Integer limit, String after) {
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw GatewayError.invalidRequest("order: must be 'asc' or 'desc'", "order");
        }
        int max = limit == null ? 20 : limit;
        if (max < 1 || max > 100) throw GatewayError.invalidRequest("limit: must be between 1 and 100", "limit");
        List<JsonNode> ordered = new ArrayList<>();
        items.forEach(ordered::add);
        if (!"asc".equals(order)) java.util.Collections.reverse(ordered);
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < ordered.size(); i++) if (after.equals(ordered.get(i).path("id").asText())) from = i + 1;
            if (from < 0) throw GatewayError.invalidRequest("after: no input item with that id", "after");
        }
        ObjectNode page = Json.object().put("object", "list");
        ArrayNode data = page.putArray("data");
        for (int i = from; i < ordered.size() && data.size() < max; i++) data.add(ordered.get(i));
        if (data.isEmpty()) {
            page.putNull("first_id");
            page.putNull("last_id");
        } else {
            page.put("first_id", data.get(0).path("id").asText());
            page.put("last_id", data.get(data.size() - 1).path("id").asText());
        }
        page.put("has_more", from + data.size() < ordered.size());
        return page;
    }
}
