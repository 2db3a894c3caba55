package dev.llmgateway.gateway.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The built Lambda package: its entries with their Unix modes, and extraction as Lambda does it. */
final class LambdaZip {
    static final Path PATH = Path.of("target/gateway-lambda.zip").toAbsolutePath();

    private LambdaZip() {}

    /**
     * Entry names and Unix modes, read from the zip's central directory (java.util.zip does not
     * expose them; Lambda keeps them, so run.sh must be executable in the zip itself).
     */
    static Map<String, Integer> modes(Path zip) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.limit() - 22;
        while (end >= 0 && bytes.getInt(end) != 0x06054b50) end--; // end of central directory record
        if (end < 0) throw new IOException("not a zip: " + zip);
        int entries = Short.toUnsignedInt(bytes.getShort(end + 10));
        int at = bytes.getInt(end + 16);
        Map<String, Integer> modes = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            if (bytes.getInt(at) != 0x02014b50) throw new IOException("bad central directory entry " + i);
            int nameLength = Short.toUnsignedInt(bytes.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(bytes.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(bytes.getShort(at + 32));
            int external = bytes.getInt(at + 38);
            byte[] name = new byte[nameLength];
            bytes.get(at + 46, name);
            modes.put(new String(name, java.nio.charset.StandardCharsets.UTF_8), (external >>> 16) & 0777);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }

    /** Unpacks like Lambda into /var/task: files with their modes. */
    static Path extract(Path zip, Path into) throws IOException {
        Map<String, Integer> modes = modes(zip);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) throw new IOException("entry outside the task root: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                int mode = modes.getOrDefault(entry.getName(), 0644);
                Files.setPosixFilePermissions(target, permissions(mode));
            }
        }
        return into;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) if ((mode & (1 << bit)) != 0) set.add(order[bit]);
        return set;
    }
}
