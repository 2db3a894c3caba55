package dev.llmgateway.core.audit;

/** One thing the verifier found wrong, naming the record: its chain and sequence number (the item's key). */
public record Finding(Type type, String chain, long seq, String message) {
    public enum Type {
        /** A record or checkpoint whose text, MAC or index attributes were changed. */
        MODIFIED,
        /** Records missing from the middle or the start of a chain, not explained by retention. */
        DELETED,
        /** A record with an invalid MAC where the chain never had one (beyond every authentic head). */
        INSERTED,
        /** An authentic record of this chain stored under another sequence number. */
        REORDERED,
        /** An authentic record of another chain stored in this one. */
        REPLAYED,
        /** Two authentic neighbours whose link (the predecessor's MAC) does not match. */
        BROKEN_LINK,
        /** The chain ends before the head its latest checkpoint vouches for. */
        TRUNCATED
    }

    @Override
    public String toString() {
        return type + " " + chain + "/" + seq + ": " + message;
    }
}
