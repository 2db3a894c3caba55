package dev.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheCodecTest {
    static final Instant AT = Instant.parse("2026-01-01T00:00:00.123Z");

    @Test
    void anEntryRoundTripsAndLargeOnesAreCompressed() throws Exception {
        CacheEntry small = new CacheEntry("acme", "openai", "gpt-4o", Usage.builder().input(3).cacheRead(2).output(4).reasoning(1).build(),
                9, 123, null, List.of("{\"a\":1}".getBytes(), new byte[0]), "{\"usage\":1}".getBytes(), AT);
        CacheEntry back = CacheCodec.decode(CacheCodec.encode(small));
        assertThat(back.usage()).isEqualTo(small.usage());
        assertThat(back.chunks()).hasSize(2);
        assertThat(back.chunks().get(0)).isEqualTo("{\"a\":1}".getBytes());
        assertThat(back.usageChunk()).isEqualTo(small.usageChunk());
        assertThat(back.createdAt()).isEqualTo(AT);
        assertThat(back.body()).isNull();

        byte[] text = "the same words again and again ".repeat(2000).getBytes(StandardCharsets.UTF_8);
        CacheEntry large = new CacheEntry("acme", "openai", "gpt-4o", null, 1, 1, text, List.of(), null, AT);
        byte[] encoded = CacheCodec.encode(large);
        assertThat(encoded.length).isLessThan(text.length / 10);
        assertThat(CacheCodec.decode(encoded).body()).isEqualTo(text);
    }

    /** A damaged byte anywhere, compressed or not, is refused or (gzip's unchecked header bytes) changes nothing. */
    @Test
    void everySingleDamagedByteIsRefusedOrHarmless() throws Exception {
        for (String body : new String[] {"{\"short\":true}", "{\"long\":\"" + "x y z ".repeat(400) + "\"}"}) {
            CacheEntry entry = new CacheEntry("acme", "openai", "gpt-4o", Usage.of(1, 2), 3, 4, body.getBytes(StandardCharsets.UTF_8),
                    List.of(), null, AT);
            byte[] encoded = CacheCodec.encode(entry);
            for (int i = 0; i < encoded.length; i++) {
                byte[] damaged = encoded.clone();
                damaged[i] ^= 0x01;
                try {
                    CacheEntry read = CacheCodec.decode(damaged);
                    assertThat(read.body()).as("byte " + i).isEqualTo(entry.body());
                    assertThat(read.tenantId()).isEqualTo("acme");
                } catch (CacheCodec.Corrupt expected) {
                    // refused: the request is a miss
                }
            }
            assertThatThrownBy(() -> CacheCodec.decode(java.util.Arrays.copyOf(encoded, encoded.length - 1))).isInstanceOf(CacheCodec.Corrupt.class);
        }
    }
}
