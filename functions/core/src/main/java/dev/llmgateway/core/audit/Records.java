package dev.llmgateway.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The signed texts: chain records (genesis, request, admin) and checkpoints. A record's text is the
 * JSON the MAC covers byte for byte, so nothing needs canonicalising: the verifier recomputes the MAC
 * over the stored text. Layout in docs/audit.md.
 */
public final class Records {
    public static final int VERSION = 1;
    public static final String GENESIS = "genesis";
    public static final String REQUEST = "request";
    public static final String ADMIN = "admin";
    public static final String CHECKPOINT = "checkpoint";

    /** Fixed width (microseconds, UTC), so that times sort as strings: stores index and range-query them. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Records() {}

    /** How every audit time is written. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A chain record: {@code prev} is the predecessor's MAC ("" for the genesis), {@code prevExpiresAt} its expiry. */
    static String record(String chain, long seq, String kind, Instant time, long expiresAt, String prev,
                         long prevExpiresAt, ObjectNode data) {
        ObjectNode r = Json.object().put("v", VERSION).put("chain", chain).put("seq", seq).put("kind", kind)
                .put("time", time(time)).put("expires_at", expiresAt).put("prev", prev)
                .put("prev_expires_at", prevExpiresAt);
        r.set("data", data);
        return Json.string(r);
    }

    /** A checkpoint: the chain's head ({@code headSeq}, {@code headMac}) and how many records it holds. */
    static String checkpoint(String chain, Instant time, long expiresAt, long headSeq, String headMac, long count) {
        ObjectNode r = Json.object().put("v", VERSION).put("chain", chain).put("kind", CHECKPOINT)
                .put("time", time(time)).put("expires_at", expiresAt);
        r.putObject("data").put("head_seq", headSeq).put("head_mac", headMac).put("count", count);
        return Json.string(r);
    }
}
