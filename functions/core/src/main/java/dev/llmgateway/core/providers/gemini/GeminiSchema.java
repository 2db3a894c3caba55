package dev.llmgateway.core.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Converts a JSON Schema into the OpenAPI 3.0 subset that Gemini's {@code responseSchema} and
 * {@code FunctionDeclaration.parameters} accept, for models older than 2.5 (newer ones get the
 * JSON Schema itself, see {@link GeminiModel#acceptsJsonSchema()}).
 *
 * <p>Converted: {@code $ref} is inlined from {@code $defs}/{@code definitions} (a recursive
 * reference cannot be, and is rejected); {@code type: [T, "null"]}, {@code anyOf} with a null
 * branch and a {@code null} enum value become {@code nullable}; {@code oneOf} becomes
 * {@code anyOf}; a single-branch {@code anyOf}/{@code allOf} is merged into its parent; a string
 * {@code const} becomes a one-value {@code enum}; types are upper-cased; {@code propertyOrdering}
 * is added in declaration order (Gemini 2.0 otherwise orders properties alphabetically).
 *
 * <p>Dropped, and listed in {@link Result#dropped()}: every other keyword (such as
 * {@code additionalProperties}, {@code $schema}, {@code exclusiveMinimum}, {@code uniqueItems}),
 * {@code format} values Gemini does not define, non-string {@code enum}/{@code const} values, and
 * {@code allOf} with several branches.
 */
final class GeminiSchema {
    /** The converted schema and the keywords that could not be expressed, for the caller to report. */
    record Result(ObjectNode schema, SortedSet<String> dropped) {}

    private static final Set<String> COPIED = Set.of("description", "title", "required", "minItems", "maxItems",
            "minimum", "maximum", "minLength", "maxLength", "pattern", "minProperties", "maxProperties", "default",
            "example", "propertyOrdering");
    /** The formats Gemini's Schema defines (enum and date-time for strings, widths for numbers). */
    private static final Set<String> FORMATS = Set.of("enum", "date-time", "int32", "int64", "float", "double");

    private final JsonNode root;
    private final String param;
    private final String provider;
    private final SortedSet<String> dropped = new TreeSet<>();
    private final Deque<String> resolving = new ArrayDeque<>();

    private GeminiSchema(JsonNode root, String param, String provider) {
        this.root = root;
        this.param = param;
        this.provider = provider;
    }

    /** Converts {@code schema}; {@code param} names the request field in errors (a recursive {@code $ref}). */
    static Result toOpenApi(JsonNode schema, String param, String provider) {
        GeminiSchema converter = new GeminiSchema(schema, param, provider);
        ObjectNode converted = converter.convert(schema);
        return new Result(converted, Collections.unmodifiableSortedSet(converter.dropped));
    }

    private ObjectNode convert(JsonNode node) {
        if (node == null || !node.isObject()) {
            if (node != null && !(node.isBoolean() && node.asBoolean())) dropped.add("boolean schema");
            return Json.object(); // 'true' (anything) has no OpenAPI form but an empty schema
        }
        if (node.has("$ref")) return reference((ObjectNode) node);
        ObjectNode out = Json.object();
        boolean nullable = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "type" -> nullable |= type(value, out);
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), convert(p.getValue())));
                }
                case "items" -> {
                    if (value.isObject()) out.set("items", convert(value));
                    else dropped.add("items (tuple form)");
                }
                case "anyOf", "oneOf" -> nullable |= union(value, out);
                case "allOf" -> {
                    if (value.isArray() && value.size() == 1) merge(out, convert(value.get(0)));
                    else dropped.add("allOf");
                }
                case "enum" -> nullable |= enumeration(value, out);
                case "const" -> {
                    if (value.isTextual()) out.putArray("enum").add(value.asText());
                    else if (value.isNull()) nullable = true;
                    else dropped.add("const (non-string)");
                }
                case "format" -> {
                    if (FORMATS.contains(value.asText())) out.set("format", value);
                    else dropped.add("format (" + value.asText() + ")");
                }
                case "nullable" -> nullable |= value.asBoolean();
                case "$defs", "definitions" -> { } // inlined where referenced
                default -> {
                    if (COPIED.contains(key)) out.set(key, value);
                    else dropped.add(key);
                }
            }
        }
        if (nullable) out.put("nullable", true);
        if (out.has("enum") && !out.has("type")) out.put("type", "STRING"); // Gemini's enum is a string enum
        JsonNode properties = out.get("properties");
        if (properties != null && properties.size() > 1 && !out.has("propertyOrdering")) {
            ArrayNode order = out.putArray("propertyOrdering");
            properties.fieldNames().forEachRemaining(order::add);
        }
        return out;
    }

    /** Sets Gemini's upper-case type; returns true when the JSON type admits null. */
    private boolean type(JsonNode value, ObjectNode out) {
        List<String> types = new ArrayList<>();
        boolean nullable = false;
        Iterable<JsonNode> declared = value.isArray() ? value : List.of(value);
        for (JsonNode t : declared) {
            if (t.asText().equals("null")) nullable = true;
            else types.add(t.asText().toUpperCase(Locale.ROOT));
        }
        if (types.isEmpty()) {
            out.put("type", "NULL");
            return false;
        }
        if (types.size() == 1) {
            out.put("type", types.getFirst());
        } else {
            ArrayNode anyOf = out.withArrayProperty("anyOf");
            types.forEach(t -> anyOf.addObject().put("type", t));
        }
        return nullable;
    }

    /** anyOf/oneOf (Gemini reads both as anyOf); a null branch becomes nullable, a single branch is merged. */
    private boolean union(JsonNode branches, ObjectNode out) {
        boolean nullable = false;
        List<ObjectNode> options = new ArrayList<>();
        for (JsonNode branch : branches) {
            if (branch.size() == 1 && branch.path("type").asText().equals("null")) nullable = true;
            else options.add(convert(branch));
        }
        if (options.size() == 1) {
            merge(out, options.getFirst());
        } else if (!options.isEmpty()) {
            ArrayNode anyOf = out.withArrayProperty("anyOf");
            options.forEach(anyOf::add);
        }
        return nullable;
    }

    private boolean enumeration(JsonNode values, ObjectNode out) {
        boolean nullable = false;
        ArrayNode strings = Json.MAPPER.createArrayNode();
        for (JsonNode v : values) {
            if (v.isNull()) {
                nullable = true;
            } else if (v.isTextual()) {
                strings.add(v);
            } else {
                dropped.add("enum (non-string values)");
                return false;
            }
        }
        out.set("enum", strings);
        return nullable;
    }

    /** Inlines a local reference; its sibling keywords (a description, say) override the target's. */
    private ObjectNode reference(ObjectNode node) {
        String ref = node.get("$ref").asText();
        JsonNode target = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
        if (target == null || target.isMissingNode()) {
            throw GatewayError.invalidRequest("Invalid '" + param + "': '$ref' " + ref + " does not point into this "
                    + "schema's '$defs'.", param, "invalid_value");
        }
        if (resolving.contains(ref)) {
            throw GatewayError.unsupported(provider, param, "this model takes only an OpenAPI subset of JSON Schema, "
                    + "which cannot express the recursive '$ref' " + ref + "; use a Gemini 2.5 or newer model");
        }
        resolving.push(ref);
        ObjectNode out = convert(target);
        resolving.pop();
        ObjectNode siblings = node.deepCopy();
        siblings.remove("$ref");
        if (!siblings.isEmpty()) out.setAll(convert(siblings));
        return out;
    }

    /** Copies a merged branch's keywords into its parent without overriding the parent's own. */
    private static void merge(ObjectNode out, ObjectNode branch) {
        branch.fields().forEachRemaining(f -> {
            if (!out.has(f.getKey())) out.set(f.getKey(), f.getValue());
        });
    }
}
