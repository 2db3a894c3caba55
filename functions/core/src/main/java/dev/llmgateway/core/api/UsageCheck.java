package dev.llmgateway.core.api;

import java.util.Locale;

/**
 * Decides whether an upstream's reported usage can be trusted before it reaches a budget, a cost
 * or a metric. Usage is a number from outside: a broken or hostile upstream that reports
 * {@code prompt_tokens: -1000000} would otherwise credit the tenant's budget. A count that is not
 * a whole number, is negative, or is absurd (the request's prompt and completion together above
 * {@code maxTokens}, which is set above the largest context window plus output limit any model
 * has) is a provider protocol error; so is a completion longer than the request's output limit,
 * but that count is still plausible and is charged as reported.
 *
 * <p>Counts are read through the accessors of {@link Usage} only, so this check does not depend
 * on how the usage was decoded ({@link TokenCount} keeps a bad wire value visible here).
 *
 * @param maxTokens the most tokens one response can plausibly use (prompt plus completion)
 */
public record UsageCheck(long maxTokens) {
    /** 2.5M: above the largest context window offered today (2M) plus the largest output limit (128K). */
    public static final long DEFAULT_MAX_TOKENS = 2_500_000;
    public static final UsageCheck DEFAULT = new UsageCheck(DEFAULT_MAX_TOKENS);

    public UsageCheck {
        if (maxTokens < 1 || maxTokens > Integer.MAX_VALUE) throw new IllegalArgumentException("maxTokens must be from 1 to 2^31-1");
    }

    /** What is wrong with a reported usage. {@link #untrusted()} problems make the counts unusable. */
    public enum Problem {
        NOT_A_NUMBER, NEGATIVE, ABSURD, ABOVE_MAX_TOKENS;

        /** The metric label and log word: {@code not_a_number}, {@code negative}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True when the counts cannot be charged as reported. */
        public boolean untrusted() {
            return this != ABOVE_MAX_TOKENS;
        }
    }

    /**
     * The problem with {@code usage}, or null when it is plausible.
     *
     * @param outputLimit the most completion tokens the request allowed (its max tokens times {@code n}); null if unlimited
     */
    public Problem problem(Usage usage, Long outputLimit) {
        int[] counts = counts(usage);
        for (int c : counts) {
            if (c == TokenCount.UNREADABLE) return Problem.NOT_A_NUMBER;
        }
        for (int c : counts) {
            if (c < 0) return Problem.NEGATIVE;
        }
        long total = (long) usage.promptTokens() + usage.completionTokens();
        if (total > maxTokens || usage.cachedTokens() > usage.promptTokens()) return Problem.ABSURD;
        if (outputLimit != null && usage.completionTokens() > outputLimit) return Problem.ABOVE_MAX_TOKENS;
        return null;
    }

    /**
     * The usage with every count made plausible: unreadable and negative counts are 0, and prompt
     * and completion are each at most {@code maxTokens}; cached at most the prompt. Used only to
     * bound what an untrusted usage is charged: never less than the reservation (see {@code Plan}).
     */
    public Usage sane(Usage usage) {
        return sane(usage, null);
    }

    /** As {@link #sane(Usage)}, with the completion also at most {@code outputLimit} (the hard-cap mode's bound). */
    public Usage sane(Usage usage, Long outputLimit) {
        int prompt = clamp(usage.promptTokens());
        int completion = (int) Math.min(clamp(usage.completionTokens()), outputLimit == null ? Long.MAX_VALUE : outputLimit);
        return Usage.of(prompt, completion, Math.min(prompt, clamp(usage.cachedTokens())));
    }

    private int clamp(int count) {
        return (int) Math.min(Math.max(count, 0), maxTokens);
    }

    /** Every count the usage carries (extend here when it carries more buckets). */
    private static int[] counts(Usage usage) {
        return new int[] {usage.promptTokens(), usage.completionTokens(), usage.cachedTokens()};
    }
}
