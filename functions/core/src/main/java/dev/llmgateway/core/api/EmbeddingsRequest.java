package dev.llmgateway.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.ModelRewrite;
import java.util.ArrayList;
import java.util.List;

/**
 * An inbound OpenAI embeddings request ({@code POST /v1/embeddings}): the client's exact bytes,
 * kept for passthrough, and its fields checked once. {@code input} is one of OpenAI's four shapes
 * (a string, strings, a token array, token arrays), kept in order as {@link Input}s.
 */
public record EmbeddingsRequest(byte[] body, String model, List<Input> inputs, Integer dimensions, Encoding encoding,
                                String user) {
    /** OpenAI's limit on the inputs of one request. */
    public static final int MAX_INPUTS = 2048;

    public EmbeddingsRequest {
        inputs = List.copyOf(inputs);
    }

    /** One input to embed: a text, or the token ids of one. */
    public sealed interface Input {
        record Text(String text) implements Input {}

        record Tokens(List<Integer> tokens) implements Input {
            public Tokens {
                tokens = List.copyOf(tokens);
            }
        }
    }

    /** How the vectors are returned: JSON numbers, or base64 of their little-endian float32 bytes. */
    public enum Encoding {
        FLOAT("float"), BASE64("base64");

        private final String wire;

        Encoding(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public static EmbeddingsRequest parse(byte[] body) {
        JsonNode tree = ClientBodies.object(body);
        String model = ClientBodies.model(tree);
        return new EmbeddingsRequest(body, model, inputs(tree.get("input")), dimensions(tree.get("dimensions")),
                encoding(tree.get("encoding_format")), user(tree.get("user")));
    }

    /** The client's body with only {@code model} replaced, for a backend that speaks OpenAI's embeddings API. */
    public byte[] bodyFor(String upstreamModel) {
        return upstreamModel.equals(model) ? body : ModelRewrite.of(body, upstreamModel);
    }

    private static List<Input> inputs(JsonNode input) {
        if (input == null || input.isNull()) throw badInput("input: Field required");
        if (input.isTextual()) return List.of(text(input));
        if (!input.isArray()) throw badInput("input: must be a string, an array of strings, an array of tokens or an array of token arrays");
        if (input.isEmpty()) throw badInput("input: must not be an empty array");
        if (input.size() > MAX_INPUTS) throw badInput("input: at most " + MAX_INPUTS + " inputs per request, got " + input.size());
        JsonNode first = input.get(0);
        if (first.isIntegralNumber()) return List.of(tokens(input));
        List<Input> inputs = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (first.isTextual() && item.isTextual()) inputs.add(text(item));
            else if (first.isArray() && item.isArray()) inputs.add(tokens(item));
            else throw badInput("input: every item must be of one kind: all strings, or all token arrays");
        }
        return inputs;
    }

    private static Input text(JsonNode node) {
        if (node.textValue().isEmpty()) throw badInput("input: must not contain an empty string");
        return new Input.Text(node.textValue());
    }

    private static Input tokens(JsonNode array) {
        if (array.isEmpty()) throw badInput("input: a token array must not be empty");
        List<Integer> tokens = new ArrayList<>(array.size());
        for (JsonNode token : array) {
            if (!token.isIntegralNumber() || !token.canConvertToInt() || token.intValue() < 0) {
                throw badInput("input: a token must be a non-negative integer");
            }
            tokens.add(token.intValue());
        }
        return new Input.Tokens(tokens);
    }

    private static Integer dimensions(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw GatewayError.invalidRequest("dimensions: must be a positive integer", "dimensions");
        }
        return node.intValue();
    }

    private static Encoding encoding(JsonNode node) {
        if (node == null || node.isNull()) return Encoding.FLOAT;
        for (Encoding e : Encoding.values()) if (node.isTextual() && e.wire.equals(node.textValue())) return e;
        throw GatewayError.invalidRequest("encoding_format: must be 'float' or 'base64'", "encoding_format");
    }

    private static String user(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw GatewayError.invalidRequest("user: must be a string", "user");
        return node.textValue();
    }

    private static GatewayError badInput(String message) {
        return GatewayError.invalidRequest(message, "input");
    }
}
