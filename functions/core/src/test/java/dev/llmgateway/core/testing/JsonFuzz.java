package dev.llmgateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators for property-based tests of JSON readers: arbitrary JSON values, and valid documents
 * with one node replaced, removed or retyped (the inputs that get past a syntax check and reach the
 * field-by-field validation).
 */
public final class JsonFuzz {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"", " ", "a", "user", "assistant", "system", "tool", "function", "auto",
            "none", "required", "text", "image_url", "json_schema", "json_object", "object", "string", "null", "0", "-1",
            "1e999", "NaN", "\u0000", "\n", "é🎉", "data:image/png;base64,AAAA", "x".repeat(300)};
    private static final String[] FIELDS = {"model", "messages", "role", "content", "stream", "stream_options",
            "include_usage", "tools", "type", "function", "name", "parameters", "arguments", "tool_calls", "tool_call_id",
            "id", "tool_choice", "temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed",
            "response_format", "json_schema", "schema", "strict", "text", "image_url", "url", "detail", "user",
            "budget", "usd_per_day", "tokens_per_day", "targets", "provider", "strategy", "weight", "x"};

    private JsonFuzz() {}

    /** Any JSON value up to a small depth, biased towards the names and values the gateway reads. */
    public static Arbitrary<JsonNode> values() {
        return Arbitraries.longs().map(seed -> value(new Random(seed), 4));
    }

    /** {@code document} with one random change at a random place: replaced, removed, or wrapped. */
    public static Arbitrary<String> mutantsOf(String document) {
        JsonNode original = Json.parse(document);
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            JsonNode copy = original.deepCopy();
            int changes = 1 + random.nextInt(3);
            for (int i = 0; i < changes; i++) copy = mutate(copy, random);
            return copy.toString();
        });
    }

    /** One random change somewhere in {@code root} (changed in place; the result may be a new root). */
    public static JsonNode mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) return value(random, 2);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int action = random.nextInt(4);
            if (names.isEmpty() || action == 0) object.set(FIELDS[random.nextInt(FIELDS.length)], value(random, 2));
            else {
                String name = names.get(random.nextInt(names.size()));
                if (action == 1) object.remove(name);
                else object.set(name, value(random, 2));
            }
        } else if (target instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextBoolean()) array.add(value(random, 2));
            else if (random.nextBoolean()) array.remove(random.nextInt(array.size()));
            else array.set(random.nextInt(array.size()), value(random, 2));
        }
        return random.nextInt(20) == 0 ? value(random, 1) : root; // now and then the whole document
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (!node.isContainerNode()) return;
        out.add(node);
        node.elements().forEachRemaining(child -> collect(child, out));
    }

    static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (kind) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> switch (random.nextInt(6)) {
                case 0 -> F.numberNode(random.nextInt(5) - 2);
                case 1 -> F.numberNode(random.nextLong());
                case 2 -> F.numberNode(random.nextDouble() * 4 - 1);
                case 3 -> F.numberNode(new java.math.BigDecimal("1e999"));
                case 4 -> F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
                default -> F.numberNode(Integer.MAX_VALUE);
            };
            case 3, 4 -> F.textNode(STRINGS[random.nextInt(STRINGS.length)]);
            case 5 -> F.textNode(randomText(random));
            case 6 -> {
                ArrayNode array = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) array.add(value(random, depth - 1));
                yield array;
            }
            default -> {
                ObjectNode object = F.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) object.set(FIELDS[random.nextInt(FIELDS.length)], value(random, depth - 1));
                yield object;
            }
        };
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) sb.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x2FFF) : 32 + random.nextInt(95));
        return sb.toString();
    }

    /** Jackson in one place for the generators. */
    private static final class Json {
        static JsonNode parse(String text) {
            try {
                return dev.llmgateway.core.json.Json.tree(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not JSON: " + text, e);
            }
        }
    }
}
