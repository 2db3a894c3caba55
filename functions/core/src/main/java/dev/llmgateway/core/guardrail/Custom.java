package dev.llmgateway.core.guardrail;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A policy's own detectors: regular expressions (on RE2/J, linear time whatever the pattern) and word lists. */
final class Custom {
    private Custom() {}

    static String typeOf(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** A detector whose values are the non-empty matches of one RE2 pattern: linear in the text, whatever the pattern. */
    abstract static class Matched extends Named {
        final Pattern pattern;

        Matched(String name, String type, Pattern pattern) {
            super(name, type);
            this.pattern = pattern;
        }

        @Override
        public final void scan(String text, List<Finding> out) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) out.add(new Finding(this, m.start(), m.end()));
            }
        }
    }

    /**
     * A regular expression in RE2 syntax (no backreferences or lookaround: the price of a match
     * time linear in the text). A stream holds back {@code maxLength - 1} characters, as a general
     * expression cannot say whether a prefix may still match.
     */
    static final class Regex extends Matched {
        private final int maxLength;

        Regex(String name, String regex, int maxLength) {
            super(name, typeOf(name), compile(regex));
            this.maxLength = maxLength;
        }

        /** Compiles or throws IllegalArgumentException with RE2's reason. */
        static Pattern compile(String regex) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(e.getDescription() == null ? e.getMessage() : e.getDescription());
            }
        }

        String regex() {
            return pattern.pattern();
        }

        int maxLength() {
            return maxLength;
        }

        @Override
        public int holdFrom(String text) {
            return Math.max(0, text.length() - (maxLength - 1));
        }
    }

    /** Whole words or phrases, case-insensitive (a word list is data, so its entries are quoted, never patterns). */
    static final class Words extends Matched {
        private final List<String> words;
        private final Set<String> prefixes = new HashSet<>();
        private final int longest;

        Words(String name, List<String> words) {
            super(name, typeOf(name), alternatives(words));
            this.words = List.copyOf(words);
            int max = 0;
            for (String w : words) {
                String lower = w.toLowerCase(Locale.ROOT);
                for (int k = 1; k < lower.length(); k++) prefixes.add(lower.substring(0, k));
                max = Math.max(max, w.length());
            }
            this.longest = max;
        }

        private static Pattern alternatives(List<String> words) {
            StringBuilder alternatives = new StringBuilder();
            for (String w : words) {
                if (!alternatives.isEmpty()) alternatives.append('|');
                alternatives.append(Pattern.quote(w));
            }
            return Pattern.compile("(?i)(?:^|\\b)(?:" + alternatives + ")(?:\\b|$)");
        }

        List<String> words() {
            return words;
        }

        /** From the earliest tail that begins a word of the list (a whole entry at the end may still grow into a longer word). */
        @Override
        public int holdFrom(String text) {
            int n = text.length();
            for (int k = Math.min(longest, n); k >= 1; k--) {
                int from = n - k;
                if (from > 0 && Parsed.alnum(text.charAt(from - 1))) continue;
                String tail = text.substring(from).toLowerCase(Locale.ROOT);
                if (prefixes.contains(tail) || words.stream().anyMatch(w -> w.equalsIgnoreCase(tail))) return from;
            }
            return n;
        }
    }
}
