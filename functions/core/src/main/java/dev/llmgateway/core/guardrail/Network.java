package dev.llmgateway.core.guardrail;

/** IP addresses and e-mail addresses. */
final class Network {
    private Network() {}

    /**
     * Dotted-quad IPv4: four decimal octets 0-255 without leading zeros, not part of a longer dotted
     * run (so {@code 1.2.3.4.5}, a version string, is not an address) and not preceded by a letter
     * ({@code v1.2.3.4}).
     */
    static final class Ipv4 extends Parsed {
        Ipv4() {
            super("ipv4", "IP");
        }

        @Override
        boolean trigger(char c) {
            return digit(c);
        }

        @Override
        int maxLength() {
            return 15;
        }

        @Override
        boolean second(char c) {
            return digit(c) || c == '.';
        }

        @Override
        boolean inLongRun() {
            return false;
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (i > 0 && (alnum(s.charAt(i - 1)) || s.charAt(i - 1) == '.')) return FAIL;
            if (digits.grouped(s, i)) return FAIL;
            int end = octets(s, i, 4);
            if (end < 0) return end;
            if (end == s.length()) return MORE;
            char c = s.charAt(end);
            if (alnum(c)) return FAIL;
            if (c == '.') {
                if (end + 1 == s.length()) return MORE;
                if (alnum(s.charAt(end + 1))) return FAIL;
            }
            return end;
        }

        /** Reads {@code count} dot-separated octets from {@code i}: the end, FAIL or MORE. */
        static int octets(String s, int i, int count) {
            int n = s.length();
            int j = i;
            for (int k = 0; k < count; k++) {
                if (k > 0) {
                    if (j == n) return MORE;
                    if (s.charAt(j) != '.') return FAIL;
                    j++;
                }
                int start = j;
                int value = 0;
                while (j < n && digit(s.charAt(j)) && j - start < 4) value = value * 10 + (s.charAt(j++) - '0');
                int len = j - start;
                if (len == 0) return j == n ? MORE : FAIL;
                if (len > 3 || value > 255 || (len > 1 && s.charAt(start) == '0')) return FAIL;
                if (j == n && k < count - 1) return MORE;
            }
            return j;
        }
    }

    /**
     * IPv6 (RFC 4291 text forms, RFC 5952 compression): eight groups of 1-4 hex digits, or fewer
     * with one {@code ::}, optionally ending in a dotted IPv4; times ({@code 12:30:45}) and MAC
     * addresses (six groups, no {@code ::}) are not addresses.
     */
    static final class Ipv6 extends Parsed {
        Ipv6() {
            super("ipv6", "IP");
        }

        @Override
        boolean trigger(char c) {
            return hex(c) || c == ':';
        }

        @Override
        int maxLength() {
            return 45;
        }

        /** A dot after the first group would make it a dotted IPv4, which only the last two groups can be. */
        @Override
        boolean second(char c) {
            return hex(c) || c == ':';
        }

        @Override
        boolean inLongRun() {
            return false;
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (i > 0) {
                char p = s.charAt(i - 1);
                if (alnum(p) || p == ':' || p == '.' || p == '_') return FAIL;
            }
            if (digit(s.charAt(i)) && digits.grouped(s, i)) return FAIL;
            int n = s.length();
            int j = i;
            int groups = 0;
            boolean compressed = false;
            if (s.startsWith("::", j)) {
                compressed = true;
                j += 2;
            } else if (s.charAt(j) == ':') {
                return j + 1 == n ? MORE : FAIL;
            }
            while (groups < 8) {
                if (j == n) return MORE;
                int start = j;
                while (j < n && hex(s.charAt(j)) && j - start < 5) j++;
                int len = j - start;
                if (len == 0) break;
                if (len > 4) {
                    // a dotted IPv4 ends the address (::ffff:192.0.2.1); otherwise too long for a group
                    return FAIL;
                }
                if (j < n && s.charAt(j) == '.' && groups <= 6) {
                    int v4 = Ipv4.octets(s, start, 4);
                    // a dotted IPv4 ends the address: it takes the last two of eight groups, or follows a ::
                    if (v4 == MORE) return (compressed ? groups + 2 <= 7 : groups == 6) ? MORE : FAIL;
                    if (v4 < 0) return FAIL;
                    groups += 2;
                    j = v4;
                    break;
                }
                groups++;
                if (j == n) return MORE;
                if (s.charAt(j) != ':') break;
                if (j + 1 == n) return MORE;
                if (s.charAt(j + 1) == ':') {
                    if (compressed) return FAIL;
                    compressed = true;
                    j += 2;
                } else {
                    j++;
                }
            }
            if (groups > 8 || (!compressed && groups != 8) || (compressed && groups > 7) || groups == 0) return FAIL;
            if (j == n) return MORE;
            char c = s.charAt(j);
            if (alnum(c) || c == ':' || c == '_') return FAIL;
            if (c == '.') {
                if (j + 1 == n) return MORE;
                if (alnum(s.charAt(j + 1))) return FAIL;
            }
            // a compressed form needs a digit or a colon pair to be an address, not a word like "be::"
            return compressed || hasDigit(s, i, j) ? j : FAIL;
        }

        private static boolean hasDigit(String s, int from, int to) {
            for (int k = from; k < to; k++) {
                if (digit(s.charAt(k))) return true;
            }
            return false;
        }
    }

    /**
     * E-mail addresses (RFC 5321 sizes): a local part of at most 64 of the usual characters, not
     * starting or ending with a dot, an {@code @}, and a domain of at most 253 characters with at
     * least two labels of 1-63 letters, digits and inner hyphens, the last (the TLD) alphabetic and
     * 2-63 long. Anchored at the {@code @}: every look is bounded, so no input can make it quadratic.
     */
    static final class Email extends Parsed {
        Email() {
            super("email", "EMAIL");
        }

        static boolean local(char c) {
            return alnum(c) && c < 128 || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
        }

        static boolean domain(char c) {
            return (alnum(c) && c < 128) || c == '.' || c == '-';
        }

        @Override
        boolean trigger(char c) {
            return c == '@';
        }

        @Override
        boolean afterWord() {
            return true;
        }

        /** The domain's first label begins with a letter or digit. */
        @Override
        boolean second(char c) {
            return alnum(c);
        }

        @Override
        int maxLength() {
            return 254;
        }

        @Override
        int start(String s, int at, int end) {
            int j = at;
            while (j > 0 && at - j < 64 && local(s.charAt(j - 1))) j--;
            while (j < at && s.charAt(j) == '.') j++;
            return j;
        }

        @Override
        int match(String s, int at, DigitRun digits) {
            int begin = start(s, at, at);
            if (begin == at || s.charAt(at - 1) == '.') return FAIL;
            if (begin > 0 && (local(s.charAt(begin - 1)) || s.charAt(begin - 1) == '@')) return FAIL; // a local part over 64
            int n = s.length();
            int j = at + 1;
            while (j < n && j - at <= 254 && domain(s.charAt(j))) j++;
            if (j - at > 254) return FAIL;
            if (j == n) return MORE;
            int end = j;
            while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) end--; // sentence punctuation
            if (s.charAt(j) == '@') return FAIL;
            return validDomain(s, at + 1, end) ? end : FAIL;
        }

        private static boolean validDomain(String s, int from, int to) {
            int labels = 0;
            int labelStart = from;
            for (int k = from; k <= to; k++) {
                if (k == to || s.charAt(k) == '.') {
                    int len = k - labelStart;
                    if (len < 1 || len > 63 || s.charAt(labelStart) == '-' || s.charAt(k - 1) == '-') return false;
                    labels++;
                    if (k == to) {
                        if (len < 2) return false;
                        for (int t = labelStart; t < k; t++) {
                            if (!upper(s.charAt(t)) && !lower(s.charAt(t))) return false;
                        }
                    }
                    labelStart = k + 1;
                }
            }
            return labels >= 2;
        }

        /** An address touching the end may yet grow, and a trailing word may yet become a local part. */
        @Override
        public int holdFrom(String s) {
            int n = s.length();
            int j = n;
            while (j > 0 && n - j < 64 + 255 && (domain(s.charAt(j - 1)) || local(s.charAt(j - 1)) || s.charAt(j - 1) == '@')) j--;
            for (int at = s.indexOf('@', j); at >= 0; at = s.indexOf('@', at + 1)) {
                if (match(s, at) == MORE) return start(s, at, n);
            }
            int word = n;
            while (word > j && n - word <= 64 && local(s.charAt(word - 1))) word--;
            return n - word > 64 ? n : word; // a longer run is no local part, whatever follows
        }
    }
}
