package dev.llmgateway.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A passthrough body with only its top-level {@code model} value replaced: every other byte (field
 * order, whitespace, unknown fields) is kept, which a re-serialised tree would not guarantee.
 */
public final class ModelRewrite {
    private ModelRewrite() {}

    /** @param body a JSON object that parsed once and has a top-level {@code model} */
    public static byte[] of(byte[] body, String model) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            parser.nextToken(); // START_OBJECT
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("model")) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.finishToken();
                    int end = (int) parser.currentLocation().getByteOffset();
                    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + model.length());
                    out.write(body, 0, start);
                    out.writeBytes(Json.bytes(model));
                    out.write(body, end, body.length - end);
                    return out.toByteArray();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalStateException("a body that parsed once no longer parses", e);
        }
        throw new IllegalStateException("the parsed body has no top-level model");
    }
}
