package dev.llmgateway.core.api;

import java.util.Base64;

/** One part of a message's content. */
public sealed interface ContentPart {
    record Text(String text) implements ContentPart {}

    /** An image by URL; {@code data:} URLs carry the bytes inline. */
    record Image(String url, String detail) implements ContentPart {
        /** The inline image of a {@code data:<media-type>;base64,<data>} URL, or null for a remote URL. */
        public InlineImage inline() {
            if (!url.startsWith("data:")) return null;
            int comma = url.indexOf(',');
            int semi = url.indexOf(";base64");
            if (comma < 0 || semi < 0 || semi > comma) return null;
            return new InlineImage(url.substring(5, semi), url.substring(comma + 1));
        }
    }

    record InlineImage(String mediaType, String base64) {
        public byte[] bytes() {
            return Base64.getDecoder().decode(base64);
        }
    }
}
