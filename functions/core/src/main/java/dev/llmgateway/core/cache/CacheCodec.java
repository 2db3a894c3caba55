package dev.llmgateway.core.cache;

import dev.llmgateway.core.api.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An entry as the bytes a store keeps: a small binary layout (chunks are raw bytes, which JSON
 * would have to escape or base64), gzip-compressed above {@value #COMPRESS_ABOVE} bytes, and ending
 * with a CRC-32 of the layout, so an entry damaged anywhere is refused ({@link Corrupt}) rather than
 * served. Both stores keep exactly these bytes, so the size limit is the same locally and deployed.
 */
public final class CacheCodec {
    /**
     * The largest encoded entry stored: DynamoDB's item limit is 400 KB (409,600 bytes) for names
     * and values together; the key, tenant and expiry attributes take under 200 of them.
     */
    public static final int MAX_ENCODED_BYTES = 409_000;
    static final int COMPRESS_ABOVE = 1024;
    private static final int MAGIC = 0x4c4743; // "LGC"
    private static final int VERSION = 1;
    private static final int GZIP = 1;

    /** A stored entry that cannot be read back: never served. */
    public static final class Corrupt extends Exception {
        Corrupt(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private CacheCodec() {}

    public static byte[] encode(CacheEntry entry) {
        byte[] layout = layout(entry);
        boolean compress = layout.length > COMPRESS_ABOVE;
        ByteArrayOutputStream out = new ByteArrayOutputStream(compress ? layout.length / 3 + 64 : layout.length + 8);
        try {
            DataOutputStream head = new DataOutputStream(out);
            head.writeInt(MAGIC << 8 | VERSION);
            head.writeByte(compress ? GZIP : 0);
            if (compress) {
                try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
                    gzip.write(layout);
                }
            } else {
                out.write(layout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array never fails
        }
        return out.toByteArray();
    }

    public static CacheEntry decode(byte[] stored) throws Corrupt {
        try {
            DataInputStream head = new DataInputStream(new ByteArrayInputStream(stored));
            if (head.readInt() != (MAGIC << 8 | VERSION)) throw new Corrupt("not a cache entry of this version", null);
            int flags = head.readUnsignedByte();
            InputStream body = flags == GZIP ? new GZIPInputStream(head) : head;
            byte[] layout = body.readAllBytes();
            return read(layout);
        } catch (IOException | RuntimeException e) {
            throw new Corrupt("cannot read the entry: " + e.getMessage(), e);
        }
    }

    private static byte[] layout(CacheEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size(e));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(e.tenantId());
            out.writeUTF(e.provider());
            out.writeUTF(e.model());
            Usage u = e.usage();
            out.writeBoolean(u != null);
            if (u != null) {
                for (int v : new int[] {u.inputTokens(), u.cacheReadTokens(), u.cacheWrite5mTokens(), u.cacheWrite1hTokens(),
                        u.outputTokens(), u.reasoningTokens(), u.audioInputTokens(), u.imageInputTokens(), u.audioOutputTokens()}) {
                    out.writeInt(v);
                }
                out.writeBoolean(u.estimated());
            }
            out.writeLong(e.tokens());
            out.writeLong(e.costMicros());
            out.writeLong(e.createdAt().toEpochMilli());
            bytes(out, e.body());
            out.writeInt(e.chunks().size());
            for (byte[] chunk : e.chunks()) bytes(out, chunk);
            bytes(out, e.usageChunk());
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private static CacheEntry read(byte[] layout) throws IOException, Corrupt {
        if (layout.length < 4) throw new Corrupt("truncated", null);
        CRC32 crc = new CRC32();
        crc.update(layout, 0, layout.length - 4);
        int expected = (layout[layout.length - 4] & 0xff) << 24 | (layout[layout.length - 3] & 0xff) << 16
                | (layout[layout.length - 2] & 0xff) << 8 | (layout[layout.length - 1] & 0xff);
        if ((int) crc.getValue() != expected) throw new Corrupt("checksum mismatch", null);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(layout, 0, layout.length - 4));
        String tenant = in.readUTF();
        String provider = in.readUTF();
        String model = in.readUTF();
        Usage usage = null;
        if (in.readBoolean()) {
            usage = new Usage(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readInt(), in.readBoolean());
        }
        long tokens = in.readLong();
        long cost = in.readLong();
        Instant created = Instant.ofEpochMilli(in.readLong());
        byte[] body = bytes(in);
        int count = in.readInt();
        if (count < 0 || count > layout.length) throw new Corrupt("bad chunk count", null);
        List<byte[]> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) chunks.add(bytes(in));
        byte[] usageChunk = bytes(in);
        if (in.available() != 0) throw new Corrupt("trailing bytes", null);
        return new CacheEntry(tenant, provider, model, usage, tokens, cost, body, chunks, usageChunk, created);
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) out.write(value);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        if (length > in.available()) throw new IOException("length " + length + " past the end");
        return in.readNBytes(length);
    }

    private static int size(CacheEntry e) {
        long n = 128 + (e.body() == null ? 0 : e.body().length) + (e.usageChunk() == null ? 0 : e.usageChunk().length);
        for (byte[] c : e.chunks()) n += 4 + c.length;
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }
}
