package dev.llmgateway.gateway.metrics.remotewrite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Protobuf encoding of remote write 1.0's {@code WriteRequest}: {@code repeated TimeSeries timeseries = 1};
 * {@code TimeSeries {repeated Label labels = 1; repeated Sample samples = 2}};
 * {@code Label {string name = 1; string value = 2}}; {@code Sample {double value = 1; int64 timestamp = 2}}.
 * Four messages, so they are written by hand instead of pulling in a protobuf runtime.
 */
final class WriteRequest {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;

    private WriteRequest() {}

    /** One sample per series, all at {@code timestampMillis}. */
    static byte[] encode(List<Series> series, long timestampMillis) {
        return encode(series, timestampMillis, s -> -1);
    }

    /**
     * As above; a series for which {@code zeroAt} gives a time (else -1) gets a 0 sample then, before
     * its value, so {@code increase()} and {@code rate()} see a new series' first increments (a series
     * that first appears at 3 would otherwise have nothing to increase from).
     */
    static byte[] encode(List<Series> series, long timestampMillis, java.util.function.ToLongFunction<Series> zeroAt) {
        ByteArrayOutputStream request = new ByteArrayOutputStream(series.size() * 128);
        for (Series s : series) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream(128);
            for (Series.Label label : s.labels()) {
                ByteArrayOutputStream l = new ByteArrayOutputStream(48);
                string(l, 1, label.name());
                string(l, 2, label.value());
                bytes(ts, 1, l.toByteArray());
            }
            long zero = zeroAt.applyAsLong(s);
            if (zero >= 0 && zero < timestampMillis) sample(ts, 0, zero);
            sample(ts, s.value(), timestampMillis);
            bytes(request, 1, ts.toByteArray());
        }
        return request.toByteArray();
    }

    private static void sample(ByteArrayOutputStream ts, double value, long timestampMillis) {
        ByteArrayOutputStream sample = new ByteArrayOutputStream(16);
        tag(sample, 1, FIXED64);
        fixed64(sample, Double.doubleToRawLongBits(value));
        tag(sample, 2, VARINT);
        varint(sample, timestampMillis);
        bytes(ts, 2, sample.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, int field, String value) {
        bytes(out, field, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
        tag(out, field, LENGTH_DELIMITED);
        varint(out, value.length);
        out.write(value, 0, value.length);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, (long) field << 3 | wireType);
    }

    private static void fixed64(ByteArrayOutputStream out, long bits) {
        for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)) & 0xff);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
