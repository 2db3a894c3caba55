package dev.llmgateway.shared.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A client's id is kept only when well formed; anything else gets a generated {@code req_} id. */
class RequestIdsTest {

    @Test
    void aWellFormedClientIdIsKept() {
        assertThat(RequestIds.of("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
        assertThat(RequestIds.of("x".repeat(128))).isEqualTo("x".repeat(128));
    }

    @Test
    void anythingElseGetsAGeneratedId() {
        for (String bad : new String[] {null, "", "has space", "x".repeat(129), "<script>", "-leading", "a\r\nb", "ünï"}) {
            assertThat(RequestIds.of(bad)).as("%s", bad).matches("req_[0-9a-f]{32}");
        }
    }

    @Test
    void generatedIdsDiffer() {
        assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
    }
}
