package dev.llmgateway.core.guardrail;

import java.util.List;

/**
 * A built-in detector written as a small parser: at each position where its value can begin it
 * reads at most {@link #maxLength} characters and answers the value's end, {@link #FAIL}, or
 * {@link #MORE} (the text ended before the value could be decided). That bound keeps every scan
 * linear, and {@link #MORE} gives a stream the exact point to hold back from. Hand-written rather
 * than regular expressions because each needs a check no regex can express (Luhn, mod-97,
 * Verhoeff, value ranges) and one pass over the text serves all of them (see {@link Scanner}).
 */
abstract class Parsed extends Named {
    static final int FAIL = -1;
    static final int MORE = -2;

    Parsed(String name, String type) {
        super(name, type);
    }

    /** Could a value begin (or, for e-mail, be anchored) at a character like {@code c}? A cheap filter before {@link #match}. */
    abstract boolean trigger(char c);

    /** At most this many characters from a value's trigger to its end. */
    abstract int maxLength();

    /**
     * The end of the value triggered at {@code i}, {@link #FAIL}, or {@link #MORE}. {@code digits} is
     * the pass's digit run, read once for every numeric detector at a position (the others ignore it).
     */
    abstract int match(String s, int i, DigitRun digits);

    final int match(String s, int i) {
        return match(s, i, new DigitRun());
    }

    /**
     * Whether a value can begin right after an ASCII letter or digit. Only the e-mail address
     * (anchored at its {@code @}) and the PEM block can: every other parser fails there at once, so
     * a pass skips the inside of words and numbers without asking them.
     */
    boolean afterWord() {
        return false;
    }

    /**
     * Whether a value can begin a run of more than {@link DigitRun#MAX_DIGITS} digits in groups
     * joined by spaces or dashes. No parser that starts on a digit says so (the longest numeric value
     * has 19 digits; an IP address or a key ends its first group otherwise), so a pass asks none of
     * them inside a long grouped run: the run, read once, answers for all.
     */
    boolean inLongRun() {
        return true;
    }

    /**
     * Could the ASCII character {@code c} come right after the trigger in a value? A second look-up
     * before {@link #match}: true unless the value's form says otherwise (a card's second character
     * is a digit, a JWT's a {@code y}).
     */
    boolean second(char c) {
        return true;
    }

    /** Where the value triggered at {@code i} and ending at {@code end} begins (the trigger, except for e-mail). */
    int start(String s, int i, int end) {
        return i;
    }

    /** Tries this detector at {@code i}: adds the finding and returns where to go on, or returns -1. */
    final int tryAt(String s, int i, DigitRun digits, List<Finding> out) {
        int end = match(s, i, digits);
        if (end < 0) return -1;
        out.add(new Finding(this, start(s, i, end), end));
        return end;
    }

    /**
     * {@code text} with an end mark no parser accepts: where the text is complete, its end is a
     * boundary, not text still to come ({@link #MORE} is for streams).
     */
    static String ended(String text) {
        return text + '\u0000';
    }

    @Override
    public void scan(String whole, List<Finding> out) {
        int n = whole.length();
        String text = ended(whole);
        DigitRun digits = new DigitRun();
        for (int i = 0; i < n; ) {
            if (trigger(text.charAt(i))) {
                int end = tryAt(text, i, digits, out);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            i++;
        }
    }

    @Override
    public int holdFrom(String s) {
        int n = s.length();
        DigitRun digits = new DigitRun();
        for (int i = Math.max(0, n - maxLength()); i < n; i++) {
            if (trigger(s.charAt(i)) && match(s, i, digits) == MORE) return start(s, i, n);
        }
        return n;
    }

    // ---- character classes shared by the parsers ----

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static final boolean[] ASCII_ALNUM = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) ASCII_ALNUM[c] = digit(c) || upper(c) || lower(c);
    }

    static boolean alnum(char c) {
        return c < 128 ? ASCII_ALNUM[c] : Character.isLetterOrDigit(c);
    }

    static boolean asciiAlnum(char c) {
        return c < 128 && ASCII_ALNUM[c];
    }

    /** Letters, digits, {@code _} and {@code -}: the alphabet of API keys and base64url. */
    static boolean token(char c) {
        return alnum(c) || c == '_' || c == '-';
    }

    /** True when {@code i} is 0 or the character before it is not a letter or digit. */
    static boolean wordStart(String s, int i) {
        return i == 0 || !alnum(s.charAt(i - 1));
    }

    /**
     * The verdict for a value that would end at {@code end}: the end itself when the next character
     * is not a letter or digit, {@link #MORE} at the end of the text (the next character is not known
     * yet), else {@link #FAIL}.
     */
    static int wordEnd(String s, int end) {
        if (end == s.length()) return MORE;
        return alnum(s.charAt(end)) ? FAIL : end;
    }

    /** As {@link #wordEnd}, for numbers: a following {@code .5} or {@code ,5} continues the number too. */
    static int numberEnd(String s, int end) {
        int r = wordEnd(s, end);
        if (r != end) return r;
        char c = s.charAt(end);
        if (c == '.' || c == ',' || c == '-' || c == '/') {
            if (end + 1 == s.length()) return MORE;
            if (digit(s.charAt(end + 1))) return FAIL;
        }
        return end;
    }

    /** Before a number: not a letter or digit, and not the {@code 1.} or {@code 1-} of a longer number. */
    static boolean numberStart(String s, int i) {
        if (i == 0) return true;
        char c = s.charAt(i - 1);
        if (alnum(c)) return false;
        if ((c == '.' || c == ',' || c == '-' || c == '/' || c == '_') && i >= 2 && alnum(s.charAt(i - 2))) return false;
        return true;
    }

    /** True when the last {@code k} characters of {@code s} (1 <= k < literal length) are the start of {@code literal}. */
    static int prefixTail(String s, String literal) {
        int n = s.length();
        for (int k = Math.min(literal.length() - 1, n); k >= 1; k--) {
            if (s.regionMatches(n - k, literal, 0, k)) return n - k;
        }
        return n;
    }
}
