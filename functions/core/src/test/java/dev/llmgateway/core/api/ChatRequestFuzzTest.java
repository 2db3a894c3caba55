package dev.llmgateway.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.core.testing.FuzzBudget;
import dev.llmgateway.core.testing.JsonFuzz;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The request parser on hostile input: whatever the body, it returns a request or throws a
 * {@link GatewayError} 400 that names the offending field (or says the body is not JSON). Any other
 * exception would reach the client as a 500.
 */
@AddLifecycleHook(FuzzBudget.class)
class ChatRequestFuzzTest {
    private static final String VALID = """
            {"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},
             {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"42"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],
             "tool_choice":{"type":"function","function":{"name":"f"}},"temperature":0.5,"top_p":1,"max_tokens":10,
             "stop":["\\n"],"n":1,"stream":true,"stream_options":{"include_usage":true},
             "response_format":{"type":"json_schema","json_schema":{"name":"s","strict":true,"schema":{"type":"object"}}}}
            """;

    private static void parsesOrRejectsCleanly(byte[] body) {
        try {
            ChatRequest request = ChatRequest.parse(body);
            assertThat(request.model()).isNotBlank();
            assertThat(request.messages()).isNotEmpty();
        } catch (GatewayError e) {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
            assertThat(e.isUpstream()).isFalse();
            if (!"invalid_json".equals(e.code())) {
                assertThat(e.param()).as("param of: " + e.getMessage()).isNotBlank();
            }
        }
    }

    @Property(tries = 500)
    void arbitraryBytes(@ForAll byte[] body) {
        parsesOrRejectsCleanly(body);
    }

    @Property(tries = 500)
    void arbitraryJsonValues(@ForAll("json") String body) {
        parsesOrRejectsCleanly(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void aValidRequestWithOneToThreeFieldsChanged(@ForAll("mutants") String body) {
        parsesOrRejectsCleanly(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void aValidRequestCutShortOrWithBytesFlipped(@ForAll("damaged") byte[] body) {
        parsesOrRejectsCleanly(body);
    }

    @Provide
    Arbitrary<String> json() {
        return JsonFuzz.values().map(Object::toString);
    }

    @Provide
    Arbitrary<String> mutants() {
        return JsonFuzz.mutantsOf(VALID);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        return Arbitraries.integers().between(0, valid.length).flatMap(cut -> Arbitraries.integers().between(0, 255)
                .map(flip -> {
                    byte[] copy = java.util.Arrays.copyOf(valid, Math.max(cut, 1));
                    copy[cut % copy.length] = flip.byteValue();
                    return copy;
                }));
    }
}
