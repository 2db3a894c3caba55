package dev.llmgateway.core.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

class DocumentsTest {
    @Test
    void jsonRoundTripsThroughSdkDocumentsKeepingNumberKindsAndKeyOrder() {
        String json = "{\"z\":1,\"a\":[true,false,null,\"s\",-7,2.5,1e-3,12345678901234567890123],\"m\":{\"n\":{}},\"e\":[]}";
        JsonNode back = Documents.json(Documents.of(Json.tree(json)));
        assertThat(Json.string(back))
                .isEqualTo("{\"z\":1,\"a\":[true,false,null,\"s\",-7,2.5,0.001,12345678901234567890123],\"m\":{\"n\":{}},\"e\":[]}");
        assertThat(back.get("z").isIntegralNumber()).isTrue();
    }
}
