package dev.llmgateway.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Compares JSON by value. In the expected document the string {@code "<any>"} matches any
 * present, non-null value: used for ids and timestamps the gateway generates.
 */
public final class JsonMatch {
    public static final String ANY = "<any>";

    private JsonMatch() {}

    public static void assertMatches(String expected, String actual) {
        assertMatches(Json.tree(expected), Json.tree(actual));
    }

    public static void assertMatches(JsonNode expected, JsonNode actual) {
        String mismatch = mismatch(expected, actual, "$");
        if (mismatch != null) {
            fail(mismatch + "\nexpected: " + expected.toPrettyString() + "\nactual:   " + actual.toPrettyString());
        }
    }

    private static String mismatch(JsonNode expected, JsonNode actual, String path) {
        if (expected.isTextual() && ANY.equals(expected.asText())) {
            return actual == null || actual.isNull() || actual.isMissingNode() ? path + " is missing" : null;
        }
        if (actual == null || actual.isMissingNode()) return path + " is missing";
        if (expected.isObject()) {
            if (!actual.isObject()) return path + " is not an object";
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String m = mismatch(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
                if (m != null) return m;
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) return path + "." + name + " is not expected";
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return path + " should be an array of " + expected.size() + ", was " + actual;
            }
            for (int i = 0; i < expected.size(); i++) {
                String m = mismatch(expected.get(i), actual.get(i), path + "[" + i + "]");
                if (m != null) return m;
            }
            return null;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null : path + ": " + actual + " != " + expected;
        }
        return expected.equals(actual) ? null : path + ": " + actual + " != " + expected;
    }
}
