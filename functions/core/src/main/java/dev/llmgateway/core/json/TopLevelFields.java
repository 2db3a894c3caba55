package dev.llmgateway.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A passthrough body with some top-level fields removed and others appended: every kept field's
 * bytes (name, value, unknown fields, number spellings) are copied as the client wrote them, in
 * its order, which a re-serialised tree would not guarantee. Only whitespace between fields is lost.
 */
public final class TopLevelFields {
    private TopLevelFields() {}

    /** @param body a JSON object that parsed once; {@code added} replace a kept field of the same name */
    public static byte[] edit(byte[] body, Set<String> removed, Map<String, JsonNode> added) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        out.write('{');
        boolean first = true;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            parser.nextToken(); // START_OBJECT
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.nextToken();
                parser.skipChildren();
                parser.finishToken();
                int end = (int) parser.currentLocation().getByteOffset();
                if (removed.contains(name) || added.containsKey(name)) continue;
                if (!first) out.write(',');
                out.write(body, start, end - start);
                first = false;
            }
        } catch (IOException e) {
            throw new IllegalStateException("a body that parsed once no longer parses", e);
        }
        for (Map.Entry<String, JsonNode> field : added.entrySet()) {
            if (!first) out.write(',');
            out.writeBytes(Json.bytes(field.getKey()));
            out.write(':');
            out.writeBytes(Json.bytes(field.getValue()));
            first = false;
        }
        out.write('}');
        return out.toByteArray();
    }
}
