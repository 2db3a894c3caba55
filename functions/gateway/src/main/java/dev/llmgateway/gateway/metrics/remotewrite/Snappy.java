package dev.llmgateway.gateway.metrics.remotewrite;

import java.io.ByteArrayOutputStream;

/**
 * Snappy block-format compression (not the framed stream format), as remote write requires. A plain
 * greedy matcher over 64 KiB fragments: literals and 2-byte-offset copies only, which every Snappy
 * decoder reads. Written here so the jar carries no native library.
 */
final class Snappy {
    private static final int FRAGMENT = 1 << 16; // every offset inside a fragment fits in two bytes
    private static final int HASH_BITS = 14;
    private static final int MAX_COPY = 64;

    private Snappy() {}

    static byte[] compress(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
        varint(out, input.length);
        for (int start = 0; start < input.length; start += FRAGMENT) {
            fragment(input, start, Math.min(input.length, start + FRAGMENT), out);
        }
        return out.toByteArray();
    }

    private static void fragment(byte[] in, int start, int end, ByteArrayOutputStream out) {
        int[] table = new int[1 << HASH_BITS]; // position - start + 1 of the last 4 bytes with that hash; 0 = none
        int literalStart = start;
        int i = start;
        while (i + 4 <= end) {
            int word = load32(in, i);
            int h = (word * 0x1e35a7bd) >>> (32 - HASH_BITS);
            int candidate = table[h] - 1 + start;
            table[h] = i - start + 1;
            if (candidate >= start && load32(in, candidate) == word) {
                literal(in, literalStart, i - literalStart, out);
                int length = 4;
                while (i + length < end && in[candidate + length] == in[i + length]) length++;
                copy(out, i - candidate, length);
                i += length;
                literalStart = i;
            } else {
                i++;
            }
        }
        literal(in, literalStart, end - literalStart, out);
    }

    private static void literal(byte[] in, int from, int length, ByteArrayOutputStream out) {
        if (length == 0) return;
        int n = length - 1;
        if (n < 60) {
            out.write(n << 2);
        } else if (n < 1 << 8) {
            out.write(60 << 2);
            out.write(n);
        } else { // a fragment is at most 64 KiB, so two length bytes always suffice
            out.write(61 << 2);
            out.write(n & 0xff);
            out.write(n >>> 8);
        }
        out.write(in, from, length);
    }

    private static void copy(ByteArrayOutputStream out, int offset, int length) {
        while (length > 0) {
            int chunk = Math.min(length, MAX_COPY);
            out.write(((chunk - 1) << 2) | 2);
            out.write(offset & 0xff);
            out.write(offset >>> 8);
            length -= chunk;
        }
    }

    private static int load32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
