package dev.llmgateway.core.guardrail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Credentials: cloud and provider API keys, private key blocks and JWTs, by their published formats. */
final class Secrets {
    private Secrets() {}

    /**
     * A key that starts with a fixed prefix followed by a body of token characters: the prefix, the
     * body's length range, and whether the body must mix letters and digits (random keys do, prose
     * and identifiers such as {@code sk-learn} mostly do not).
     */
    static class Prefixed extends Parsed {
        private final String[] prefixes;
        private final String[] excluded;
        private final int min;
        private final int max;
        private final boolean mixed;
        private final boolean upperDigits;

        Prefixed(String name, String type, String[] prefixes, String[] excluded, int min, int max, boolean mixed, boolean upperDigits) {
            super(name, type);
            this.prefixes = prefixes;
            this.excluded = excluded;
            this.min = min;
            this.max = max;
            this.mixed = mixed;
            this.upperDigits = upperDigits;
        }

        @Override
        boolean trigger(char c) {
            for (String p : prefixes) {
                if (p.charAt(0) == c) return true;
            }
            return false;
        }

        @Override
        boolean second(char c) {
            for (String p : prefixes) {
                if (p.charAt(1) == c) return true;
            }
            return false;
        }

        @Override
        int maxLength() {
            int longest = 0;
            for (String p : prefixes) longest = Math.max(longest, p.length());
            return longest + max + 1;
        }

        private boolean body(char c) {
            return upperDigits ? upper(c) || digit(c) : token(c);
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (i > 0 && token(s.charAt(i - 1))) return FAIL;
            int n = s.length();
            String prefix = null;
            for (String p : prefixes) {
                int k = Math.min(p.length(), n - i);
                if (s.regionMatches(i, p, 0, k)) {
                    if (k < p.length()) return MORE;
                    prefix = p;
                    break;
                }
            }
            if (prefix == null) return FAIL;
            for (String x : excluded) {
                int k = Math.min(x.length(), n - i);
                if (s.regionMatches(i, x, 0, k)) return k < x.length() ? MORE : FAIL;
            }
            int j = i + prefix.length();
            boolean letter = false;
            boolean number = false;
            while (j < n && body(s.charAt(j))) {
                char c = s.charAt(j++);
                if (digit(c)) number = true;
                else if (alnum(c)) letter = true;
                if (j - i - prefix.length() > max) return FAIL;
            }
            if (j == n) return MORE;
            int len = j - i - prefix.length();
            if (len < min || (upperDigits && token(s.charAt(j)))) return FAIL;
            if (mixed && !(letter && number)) return FAIL;
            return j;
        }
    }

    static Prefixed openAi() {
        return new Prefixed("openai_key", "OPENAI_KEY", new String[] {"sk-"}, new String[] {"sk-ant-"}, 20, 200, true, false);
    }

    static Prefixed anthropic() {
        return new Prefixed("anthropic_key", "ANTHROPIC_KEY", new String[] {"sk-ant-"}, new String[0], 24, 200, true, false);
    }

    static Prefixed google() {
        return new Prefixed("google_api_key", "GOOGLE_KEY", new String[] {"AIza"}, new String[0], 35, 35, false, false);
    }

    static Prefixed github() {
        return new Prefixed("github_token", "GITHUB_TOKEN", new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
                new String[0], 36, 255, false, false);
    }

    /** AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 upper-case base32 characters. */
    static Prefixed awsAccessKey() {
        return new Prefixed("aws_access_key", "AWS_ACCESS_KEY", new String[] {"AKIA", "ASIA"}, new String[0], 16, 16, false, true);
    }

    /**
     * AWS secret access keys: exactly 40 base64 characters mixing upper case, lower case and digits,
     * named as a secret within the 64 characters before (as in {@code aws_secret_access_key = ...}
     * or {@code "SecretAccessKey": "..."}): 40 random characters alone are any hash or id.
     */
    static final class AwsSecretKey extends Parsed {
        AwsSecretKey() {
            super("aws_secret_key", "AWS_SECRET_KEY");
        }

        static boolean b64(char c) {
            return digit(c) || upper(c) || lower(c) || c == '/' || c == '+';
        }

        @Override
        boolean trigger(char c) {
            return b64(c);
        }

        @Override
        int maxLength() {
            return 41;
        }

        @Override
        boolean second(char c) {
            return b64(c);
        }

        @Override
        boolean inLongRun() {
            return false;
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (i > 0 && b64(s.charAt(i - 1))) return FAIL;
            int n = s.length();
            // exactly 40: most words end long before, and a longer run goes on past the 41st character
            if (i + 40 < n && (!b64(s.charAt(i + 39)) || b64(s.charAt(i + 40)))) return FAIL;
            if (digit(s.charAt(i)) && digits.grouped(s, i)) return FAIL;
            int j = i;
            boolean up = false;
            boolean low = false;
            boolean dig = false;
            while (j < n && b64(s.charAt(j))) {
                char c = s.charAt(j++);
                up |= upper(c);
                low |= lower(c);
                dig |= digit(c);
                if (j - i > 40) return FAIL;
            }
            if (j == n) return named(s, i) ? MORE : FAIL;
            if (j - i != 40 || s.charAt(j) == '=' || token(s.charAt(j)) || !(up && low && dig)) return FAIL;
            return named(s, i) ? j : FAIL;
        }

        private static boolean named(String s, int i) {
            int from = Math.max(0, i - 64);
            for (int k = from; k + 6 <= i; k++) {
                if (s.regionMatches(true, k, "secret", 0, 6)) return true;
            }
            return false;
        }
    }

    /** A value that always begins with the same characters and is at most {@code maxLength} long (a PEM block, a JWT). */
    abstract static class Anchored extends Parsed {
        private final String begins;
        private final int maxLength;

        Anchored(String name, String type, String begins, int maxLength) {
            super(name, type);
            this.begins = begins;
            this.maxLength = maxLength;
        }

        @Override
        final boolean trigger(char c) {
            return c == begins.charAt(0);
        }

        @Override
        final boolean second(char c) {
            return c == begins.charAt(1);
        }

        @Override
        final int maxLength() {
            return maxLength;
        }
    }

    /**
     * PEM private key blocks ({@code -----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED ]PRIVATE KEY-----}),
     * through their END line, or through the base64 body when the END line is missing (a truncated
     * key is still a key).
     */
    static final class PrivateKey extends Anchored {
        private static final String BEGIN = "-----BEGIN ";
        private static final int MAX = 16_384;

        PrivateKey() {
            super("private_key", "PRIVATE_KEY", BEGIN, MAX);
        }

        @Override
        boolean afterWord() {
            return true;
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            int n = s.length();
            int k = Math.min(BEGIN.length(), n - i);
            if (!s.regionMatches(i, BEGIN, 0, k)) return FAIL;
            if (k < BEGIN.length()) return MORE;
            int lineEnd = i + BEGIN.length();
            while (lineEnd < n && lineEnd - i < 64 && s.charAt(lineEnd) != '\n' && !s.startsWith("-----", lineEnd)) lineEnd++;
            if (lineEnd == n) return MORE;
            String label = s.substring(i + BEGIN.length(), lineEnd);
            if (!label.endsWith("PRIVATE KEY") || !s.startsWith("-----", lineEnd)) return FAIL;
            int bodyStart = lineEnd + 5;
            String end = "-----END " + label + "-----";
            int close = s.indexOf(end, bodyStart);
            if (close >= 0 && close - i <= MAX) return close + end.length();
            // no END line yet: the base64 body so far
            int j = bodyStart;
            while (j < n && j - i < MAX && (AwsSecretKey.b64(s.charAt(j)) || s.charAt(j) == '=' || Character.isWhitespace(s.charAt(j))
                    || s.charAt(j) == ':' || s.charAt(j) == '-' && !s.startsWith("-----", j))) j++;
            if (j == n || end.startsWith(s.substring(j))) return MORE; // the END line may still be arriving
            return j - bodyStart > 16 ? j : FAIL;
        }

        @Override
        public int holdFrom(String s) {
            int n = s.length();
            for (int b = s.indexOf(BEGIN, Math.max(0, n - MAX)); b >= 0; b = s.indexOf(BEGIN, b + 1)) {
                if (match(s, b) == MORE) return b;
            }
            return prefixTail(s, BEGIN);
        }
    }

    /**
     * JSON Web Tokens (RFC 7519, compact JWS): three base64url segments joined by dots, whose first
     * two decode to JSON objects and whose header names its {@code alg}.
     */
    static final class Jwt extends Anchored {
        private static final int MAX = 8192;

        Jwt() {
            super("jwt", "JWT", "eyJ", MAX);
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (i > 0 && (token(s.charAt(i - 1)) || s.charAt(i - 1) == '.')) return FAIL;
            int n = s.length();
            int k = Math.min(3, n - i);
            if (!s.regionMatches(i, "eyJ", 0, k)) return FAIL;
            if (k < 3) return MORE;
            int[] dots = new int[2];
            int count = 0;
            int j = i;
            while (j < n && j - i <= MAX) {
                char c = s.charAt(j);
                if (c == '.') {
                    if (count == 2) break;
                    dots[count++] = j;
                } else if (!token(c)) {
                    break;
                }
                j++;
            }
            if (j - i > MAX) return FAIL;
            if (j == n) return MORE;
            if (count < 2 || s.charAt(j) == '.' && j + 1 < n && token(s.charAt(j + 1))) return FAIL;
            if (!json(s, i, dots[0], "\"alg\"") || !json(s, dots[0] + 1, dots[1], null)) return FAIL;
            return j;
        }

        private static boolean json(String s, int from, int to, String must) {
            if (to - from < 4) return false;
            try {
                String text = new String(Base64.getUrlDecoder().decode(s.substring(from, to)), StandardCharsets.UTF_8).trim();
                return text.startsWith("{") && text.endsWith("}") && (must == null || text.contains(must));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public int holdFrom(String s) {
            int n = s.length();
            int j = n;
            while (j > 0 && n - j <= MAX && (token(s.charAt(j - 1)) || s.charAt(j - 1) == '.')) j--;
            for (int b = s.indexOf("eyJ", j); b >= 0; b = s.indexOf("eyJ", b + 1)) {
                if (match(s, b) == MORE) return b;
            }
            int tail = prefixTail(s, "eyJ");
            return tail < n && (tail == 0 || !token(s.charAt(tail - 1))) ? tail : n;
        }
    }
}
