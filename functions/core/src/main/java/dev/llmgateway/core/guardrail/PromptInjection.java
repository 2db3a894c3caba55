package dev.llmgateway.core.guardrail;

import com.google.re2j.Pattern;

/**
 * A heuristic, not a classifier: the phrasings of known prompt-injection and jailbreak attempts
 * ("ignore all previous instructions", "reveal your system prompt", "you are now DAN"). It catches
 * the common copy-pasted attacks and misses paraphrases; its measured precision and recall are in
 * docs/guardrails.md. Offered as a rule with the actions log and block.
 */
final class PromptInjection extends Custom.Matched {
    static final String NAME = "prompt_injection";
    private static final String S = "[\\s\\p{P}]+";
    private static final Pattern PATTERN = Pattern.compile("(?i)\\b(?:"
            + "(?:ignore|disregard|forget|skip|override)" + S + "(?:all" + S + "|any" + S + "|the" + S + "|of" + S + "|your" + S + "|everything" + S + ")*"
            + "(?:previous|prior|above|earlier|preceding|former|original|system|safety)" + S + "(?:\\w+" + S + ")?"
            + "(?:instructions?|prompts?|rules|directives|guidelines|directions|constraints)"
            + "|(?:reveal|print|show|output|repeat|leak|dump)" + S + "(?:me" + S + ")?(?:your|the)" + S + "(?:full" + S + "|entire" + S + ")?"
            + "(?:system|hidden|initial|secret|original)" + S + "(?:prompt|instructions|message)"
            + "|you" + S + "are" + S + "now" + S + "(?:dan|in" + S + "developer" + S + "mode|jailbroken|unrestricted|unfiltered|free" + S + "of)"
            + "|(?:enable|enter|activate|switch" + S + "to)" + S + "(?:developer|dan|god|jailbreak)" + S + "mode"
            + "|do" + S + "anything" + S + "now"
            + "|pretend" + S + "(?:that" + S + ")?you" + S + "(?:have" + S + "no|are" + S + "not" + S + "bound" + S + "by|don'?t" + S + "have)" + S
            + "(?:\\w+" + S + ")?(?:restrictions|rules|guidelines|filters|limits)"
            + "|act" + S + "as" + S + "(?:an?" + S + ")?(?:unfiltered|unrestricted|uncensored|jailbroken)"
            + ")\\b");

    PromptInjection() {
        super(NAME, "INJECTION", PATTERN);
    }

    @Override
    public int holdFrom(String text) {
        return Math.max(0, text.length() - 120);
    }
}
