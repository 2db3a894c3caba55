package dev.llmgateway.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper of the process: built once, thread-safe, snake_case on the wire. */
public final class Json {
    /**
     * Jackson's default buffer pool is per thread, and every request here runs on a new virtual
     * thread, so each one would allocate fresh parse and write buffers (about 10 KB); a shared
     * pool lends them across threads instead.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    // Jackson's default 20M-character string limit would refuse a large answer (an inline image)
                    // inside the byte limits that bound every body read here (GATEWAY_MAX_BODY_BYTES, UPSTREAM_MAX_RESPONSE_BYTES).
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN) // prices and USD: 50, not 5E+1
            .build();

    private Json() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses JSON, throwing {@link IOException} on malformed input. */
    public static JsonNode tree(byte[] bytes, int offset, int length) throws IOException {
        return MAPPER.readTree(bytes, offset, length);
    }

    public static JsonNode tree(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    /**
     * Parses a client's JSON body, throwing {@link IOException} on malformed input, including bytes
     * that are not strict UTF-8: Jackson's decoder would turn an overlong form such as {@code C0 AF}
     * into {@code /}, and pass surrogates and code points above U+10FFFF on, altered.
     */
    public static JsonNode clientTree(byte[] bytes) throws IOException {
        requireUtf8(bytes);
        return MAPPER.readTree(bytes);
    }

    /** Decodes in bounded pieces with the JDK's strict decoder, which rejects every ill-formed sequence. */
    private static void requireUtf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 8192) + 2);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
            if (result.isError()) result.throwException();
        } while (result.isOverflow());
        out.clear();
        result = decoder.flush(out);
        if (result.isError()) result.throwException();
    }

    /** Parses an upstream body; malformed JSON surfaces as {@link UncheckedIOException}, an upstream fault. */
    public static JsonNode tree(byte[] bytes, String source) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(source + " sent malformed JSON", e);
        }
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
