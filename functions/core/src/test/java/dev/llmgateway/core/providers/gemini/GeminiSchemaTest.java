package dev.llmgateway.core.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.testing.JsonMatch;
import org.junit.jupiter.api.Test;

class GeminiSchemaTest {
    private static GeminiSchema.Result convert(String schema) {
        return GeminiSchema.toOpenApi(Json.tree(schema), "response_format.json_schema.schema", "gemini");
    }

    @Test
    void typesAreUpperCasedAndPropertyOrderFollowsDeclarationOrder() {
        var result = convert("{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"type\":\"integer\"}}}");
        JsonMatch.assertMatches("{\"type\":\"OBJECT\",\"properties\":{\"b\":{\"type\":\"STRING\"},\"a\":{\"type\":\"INTEGER\"}},"
                + "\"propertyOrdering\":[\"b\",\"a\"]}", result.schema().toString());
        assertThat(result.dropped()).isEmpty();
    }

    @Test
    void anExplicitPropertyOrderingIsKept() {
        var result = convert("{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"type\":\"string\"}},"
                + "\"propertyOrdering\":[\"a\",\"b\"]}");
        assertThat(result.schema().get("propertyOrdering").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void nullUnionsBecomeNullable() {
        var result = convert("{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":[\"string\",\"null\"]},"
                + "\"b\":{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"null\"}],\"description\":\"kept\"},"
                + "\"c\":{\"type\":\"string\",\"enum\":[\"x\",null]}}}");
        JsonMatch.assertMatches("{\"type\":\"OBJECT\",\"properties\":{"
                + "\"a\":{\"type\":\"STRING\",\"nullable\":true},"
                + "\"b\":{\"type\":\"NUMBER\",\"description\":\"kept\",\"nullable\":true},"
                + "\"c\":{\"type\":\"STRING\",\"enum\":[\"x\"],\"nullable\":true}},"
                + "\"propertyOrdering\":[\"a\",\"b\",\"c\"]}", result.schema().toString());
    }

    @Test
    void severalTypesBecomeAnyOfAndOneOfReadsAsAnyOf() {
        JsonMatch.assertMatches("{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"INTEGER\"}]}",
                convert("{\"type\":[\"string\",\"integer\"]}").schema().toString());
        JsonMatch.assertMatches("{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"BOOLEAN\"}]}",
                convert("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"boolean\"}]}").schema().toString());
    }

    @Test
    void referencesAreInlinedWithTheirSiblingsWinning() {
        var result = convert("{\"$ref\":\"#/$defs/item\",\"description\":\"outer\",\"$defs\":{\"item\":"
                + "{\"type\":\"object\",\"description\":\"inner\",\"properties\":{\"n\":{\"$ref\":\"#/definitions/num\"}}}},"
                + "\"definitions\":{\"num\":{\"type\":\"number\",\"minimum\":0}}}");
        JsonMatch.assertMatches("{\"type\":\"OBJECT\",\"description\":\"outer\",\"properties\":{\"n\":{\"type\":\"NUMBER\",\"minimum\":0}}}",
                result.schema().toString());
        assertThat(result.dropped()).isEmpty();
    }

    @Test
    void aRecursiveReferenceIsRejectedByName() {
        assertThatThrownBy(() -> convert("{\"$ref\":\"#/$defs/node\",\"$defs\":{\"node\":{\"type\":\"object\","
                + "\"properties\":{\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}}}}}"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("response_format.json_schema.schema", "gemini");
                    assertThat(e.getMessage()).contains("recursive", "#/$defs/node");
                });
    }

    @Test
    void aDanglingReferenceIsRejectedByName() {
        assertThatThrownBy(() -> convert("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("response_format.json_schema.schema"));
    }

    @Test
    void constAndSingleBranchAllOfAreConverted() {
        JsonMatch.assertMatches("{\"type\":\"STRING\",\"enum\":[\"on\"]}", convert("{\"const\":\"on\"}").schema().toString());
        JsonMatch.assertMatches("{\"type\":\"STRING\",\"minLength\":2}",
                convert("{\"allOf\":[{\"type\":\"string\",\"minLength\":2}]}").schema().toString());
    }

    @Test
    void whatCannotBeExpressedIsDroppedAndListed() {
        var result = convert("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"additionalProperties\":false,\"properties\":{"
                + "\"n\":{\"type\":\"integer\",\"exclusiveMinimum\":0,\"multipleOf\":5,\"enum\":[5,10]},"
                + "\"s\":{\"type\":\"string\",\"format\":\"uri\",\"pattern\":\"^h\"},"
                + "\"t\":{\"type\":\"array\",\"items\":[{\"type\":\"string\"}],\"uniqueItems\":true},"
                + "\"k\":{\"const\":3},"
                + "\"u\":{\"allOf\":[{\"type\":\"string\"},{\"minLength\":1}]},"
                + "\"d\":{\"type\":\"string\",\"format\":\"date-time\"}}}");
        assertThat(result.dropped()).containsExactly("$schema", "additionalProperties", "allOf", "const (non-string)",
                "enum (non-string values)", "exclusiveMinimum", "format (uri)", "items (tuple form)", "multipleOf", "uniqueItems");
        JsonMatch.assertMatches("{\"type\":\"OBJECT\",\"properties\":{"
                + "\"n\":{\"type\":\"INTEGER\"},"
                + "\"s\":{\"type\":\"STRING\",\"pattern\":\"^h\"},"
                + "\"t\":{\"type\":\"ARRAY\"},"
                + "\"k\":{},"
                + "\"u\":{},"
                + "\"d\":{\"type\":\"STRING\",\"format\":\"date-time\"}},"
                + "\"propertyOrdering\":[\"n\",\"s\",\"t\",\"k\",\"u\",\"d\"]}", result.schema().toString());
    }

    @Test
    void aFalseSchemaIsListedAsDroppedWhileTrueIsSilentlyTheEmptySchema() {
        // 'false' accepts nothing; it has no OpenAPI form, so the loss must be reported, not hidden.
        var result = convert("{\"type\":\"object\",\"properties\":{\"never\":false,\"any\":true}}");
        assertThat(result.dropped()).containsExactly("boolean schema");
        JsonMatch.assertMatches("{\"type\":\"OBJECT\",\"properties\":{\"never\":{},\"any\":{}},"
                + "\"propertyOrdering\":[\"never\",\"any\"]}", result.schema().toString());
        assertThat(convert("{\"type\":\"object\",\"properties\":{\"any\":true}}").dropped()).isEmpty();
        assertThat(GeminiSchema.toOpenApi(Json.tree("false"), "p", "gemini").dropped()).containsExactly("boolean schema");
    }
}
