package dev.llmgateway.gateway.metrics.remotewrite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * A remote-write body decoded independently of the gateway's encoder: snappy-java for the block
 * format and a small protobuf reader that follows the wire rules (skipping unknown fields).
 */
record DecodedWrite(List<TimeSeries> series) {
    record TimeSeries(List<String> labelNames, Map<String, String> labels, List<Sample> samples) {}

    record Sample(double value, long timestamp) {}

    static DecodedWrite of(byte[] snappyBody) throws IOException {
        return new DecodedWrite(writeRequest(Snappy.uncompress(snappyBody)));
    }

    List<TimeSeries> named(String name) {
        return series.stream().filter(s -> name.equals(s.labels().get("__name__"))).toList();
    }

    private static List<TimeSeries> writeRequest(byte[] bytes) {
        List<TimeSeries> out = new ArrayList<>();
        Reader r = new Reader(bytes);
        while (r.more()) {
            int tag = (int) r.varint();
            if (tag == (1 << 3 | 2)) out.add(timeSeries(r.bytes()));
            else r.skip(tag & 7);
        }
        return out;
    }

    private static TimeSeries timeSeries(byte[] bytes) {
        List<String> names = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Reader r = new Reader(bytes);
        while (r.more()) {
            int tag = (int) r.varint();
            switch (tag) {
                case 1 << 3 | 2 -> {
                    Reader l = new Reader(r.bytes());
                    String name = null;
                    String value = "";
                    while (l.more()) {
                        int t = (int) l.varint();
                        if (t == (1 << 3 | 2)) name = new String(l.bytes(), StandardCharsets.UTF_8);
                        else if (t == (2 << 3 | 2)) value = new String(l.bytes(), StandardCharsets.UTF_8);
                        else l.skip(t & 7);
                    }
                    names.add(name);
                    labels.put(name, value);
                }
                case 2 << 3 | 2 -> {
                    Reader s = new Reader(r.bytes());
                    double value = 0;
                    long timestamp = 0;
                    while (s.more()) {
                        int t = (int) s.varint();
                        if (t == (1 << 3 | 1)) value = Double.longBitsToDouble(s.fixed64());
                        else if (t == (2 << 3)) timestamp = s.varint();
                        else s.skip(t & 7);
                    }
                    samples.add(new Sample(value, timestamp));
                }
                default -> r.skip(tag & 7);
            }
        }
        return new TimeSeries(names, labels, samples);
    }

    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(byte[] bytes) {
            buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return buffer.hasRemaining();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buffer.get();
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) return value;
            }
        }

        long fixed64() {
            return buffer.getLong();
        }

        byte[] bytes() {
            byte[] out = new byte[(int) varint()];
            buffer.get(out);
            return out;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> buffer.position(buffer.position() + 8);
                case 2 -> bytes();
                case 5 -> buffer.position(buffer.position() + 4);
                default -> throw new IllegalStateException("wire type " + wireType);
            }
        }
    }
}
