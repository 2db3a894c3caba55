package dev.llmgateway.core.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.document.DocumentVisitor;

/**
 * Converts between Jackson trees and the SDK's {@link Document}, the type Converse uses for JSON
 * values (tool input schemas, tool inputs). Integers stay integers and key order is kept, so what
 * the SDK writes upstream is the client's JSON.
 */
final class Documents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Documents() {}

    static Document of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return Document.fromNull();
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), of(e.getValue())));
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(of(item)));
            return Document.fromList(list);
        }
        if (node.isTextual()) return Document.fromString(node.asText());
        if (node.isBoolean()) return Document.fromBoolean(node.asBoolean());
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Document.fromNumber(node.longValue()) : Document.fromNumber(node.bigIntegerValue());
        }
        if (node.isNumber()) return Document.fromNumber(node.decimalValue());
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }

    static JsonNode json(Document document) {
        return document == null ? NODES.nullNode() : document.accept(TO_JSON);
    }

    private static final DocumentVisitor<JsonNode> TO_JSON = new DocumentVisitor<>() {
        @Override public JsonNode visitNull() { return NODES.nullNode(); }
        @Override public JsonNode visitBoolean(Boolean value) { return NODES.booleanNode(value); }
        @Override public JsonNode visitString(String value) { return NODES.textNode(value); }

        @Override
        public JsonNode visitNumber(SdkNumber number) {
            String text = number.stringValue();
            if (text.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
                BigInteger value = new BigInteger(text);
                return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
            }
            return NODES.numberNode(new BigDecimal(text));
        }

        @Override
        public JsonNode visitMap(Map<String, Document> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(k, json(v)));
            return object;
        }

        @Override
        public JsonNode visitList(List<Document> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
    };
}
