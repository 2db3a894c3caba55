package dev.llmgateway.core.guardrail;

import java.util.List;

/**
 * Finds one kind of sensitive value in text. Built-in detectors parse by hand with a structural or
 * checksum validation and bounded look-around, so each scan is linear in the text; custom ones run
 * on RE2/J. {@link #holdFrom} is what lets a stream release text as early as possible.
 */
public interface Detector {
    /** The name used in policies, metrics and error messages ({@code credit_card}). */
    String name();

    /** The placeholder type ({@code CARD} gives {@code <CARD_1>}). */
    String type();

    /** Adds every value found in {@code text} to {@code out}. */
    void scan(String text, List<Finding> out);

    /**
     * The earliest index from which text still to come could complete or extend a value; {@code
     * text.length()} when none. Everything before it can be released from a stream.
     */
    int holdFrom(String text);
}
