package dev.llmgateway.core.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cache key of a request: SHA-256 over a canonical JSON of the tenant, the client API, whether
 * it streams, the routing resolution (the targets the model resolved to, sorted, so a weighted
 * route's shuffle does not split the cache) and the body without its delivery fields. Canonical
 * means object keys sorted, no insignificant whitespace, and numbers by value ({@code 0},
 * {@code 0.0} and {@code 0e0} are one number); strings are kept exactly. Written by hand because
 * Jackson sorts map keys but not the fields of a parsed tree.
 */
public final class CacheKey {
    /** Raised when the key's layout changes, so old entries are never read with a new meaning. */
    private static final int VERSION = 1;

    private CacheKey() {}

    /** The key, 64 lower-case hex digits. */
    public static String of(String tenantId, Collection<String> targets, CacheRequest request) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(new DigestOut(sha))) {
            out.writeStartObject();
            out.writeNumberField("v", VERSION);
            out.writeStringField("tenant", tenantId);
            out.writeStringField("api", request.api().wire());
            out.writeBooleanField("stream", request.stream());
            out.writeArrayFieldStart("targets");
            for (String target : new TreeSet<>(targets)) out.writeString(target);
            out.writeEndArray();
            out.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : new TreeMap<>(request.headers()).entrySet()) out.writeStringField(h.getKey(), h.getValue());
            out.writeEndObject();
            out.writeFieldName("body");
            canonical(request.body(), request.skipped(), out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The canonical form of {@code node} as a string (what the key hashes, for tests and the docs). */
    static String canonical(JsonNode node) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
            canonical(node, java.util.Set.of(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void canonical(JsonNode node, java.util.Set<String> skipped, JsonGenerator out) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!skipped.contains(name)) names.add(name);
            }
            names.sort(null);
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                canonical(node.get(name), java.util.Set.of(), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) canonical(item, java.util.Set.of(), out);
            out.writeEndArray();
        } else if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                out.writeRawValue(node.doubleValue() > 0 ? "1e99999" : "-1e99999"); // beyond a double, as written
                return;
            }
            BigDecimal value = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
            out.writeRawValue(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
        } else {
            out.writeTree(node);
        }
    }

    /** Feeds what the generator writes straight into the digest: nothing is buffered whole. */
    private static final class DigestOut extends OutputStream {
        private final MessageDigest digest;

        DigestOut(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
