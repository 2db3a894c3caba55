package dev.llmgateway.core.guardrail;

import java.util.Map;

/** Alphanumeric identifiers: IBANs and India's PAN. */
final class Identifiers {
    private Identifiers() {}

    /**
     * IBAN (ISO 13616): a country code with its registered length, two check digits and the BBAN,
     * bare or in groups of four, upper case; the mod-97 check must give 1.
     */
    static final class Iban extends Parsed {
        /** IBAN lengths by country (the SWIFT IBAN registry). */
        static final Map<String, Integer> LENGTHS = Map.ofEntries(
                Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
                Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
                Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
                Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
                Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
                Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
                Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
                Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
                Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
                Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
                Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15),
                Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
                Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24),
                Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
                Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
                Map.entry("VG", 24), Map.entry("XK", 20));

        /** {@link #LENGTHS} by the country code's two letters, {@code (a - 'A') * 26 + (b - 'A')}: no String per candidate. */
        private static final int[] BY_CODE = new int[26 * 26];

        static {
            LENGTHS.forEach((code, length) -> BY_CODE[(code.charAt(0) - 'A') * 26 + code.charAt(1) - 'A'] = length);
        }

        Iban() {
            super("iban", "IBAN");
        }

        @Override
        boolean trigger(char c) {
            return upper(c);
        }

        @Override
        int maxLength() {
            return 42;
        }

        @Override
        boolean second(char c) {
            return upper(c);
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (!wordStart(s, i)) return FAIL;
            int n = s.length();
            if (i + 2 > n) return s.length() == i + 1 ? MORE : FAIL;
            if (!upper(s.charAt(i + 1))) return FAIL;
            int length = BY_CODE[(s.charAt(i) - 'A') * 26 + s.charAt(i + 1) - 'A'];
            if (length == 0) return FAIL;
            StringBuilder iban = new StringBuilder(34);
            int j = i;
            int group = 0;
            boolean grouped = false;
            while (iban.length() < length) {
                if (j == n) return MORE;
                char c = s.charAt(j);
                if (upper(c) || digit(c)) {
                    if (iban.length() >= 2 && iban.length() < 4 && !digit(c)) return FAIL; // check digits
                    iban.append(c);
                    group++;
                    j++;
                } else if (c == ' ' && group == 4 && (grouped || iban.length() == 4)) {
                    grouped = true;
                    group = 0;
                    j++;
                } else {
                    return FAIL;
                }
            }
            int end = wordEnd(s, j);
            if (end < 0) return end;
            if (grouped && j + 1 < n && s.charAt(j) == ' ' && (upper(s.charAt(j + 1)) || digit(s.charAt(j + 1))) && group == 4) {
                // more groups follow: longer than the country's IBAN
                return FAIL;
            }
            return Checksums.mod97(iban) ? end : FAIL;
        }
    }

    /**
     * India's PAN: five letters, four digits, a letter; the fourth letter is the holder type
     * (C, P, H, F, A, T, B, L, J, G), upper case, as a whole word, named as a PAN within the 64
     * characters before ({@code PAN}, {@code permanent account number}): the shape has no check
     * digit, and product codes share it.
     */
    static final class Pan extends Parsed {
        Pan() {
            super("pan", "PAN");
        }

        @Override
        boolean trigger(char c) {
            return upper(c);
        }

        @Override
        int maxLength() {
            return 10;
        }

        @Override
        boolean second(char c) {
            return upper(c);
        }

        @Override
        int match(String s, int i, DigitRun digits) {
            if (!wordStart(s, i)) return FAIL;
            int n = s.length();
            for (int k = 0; k < 10; k++) {
                if (i + k == n) return MORE;
                char c = s.charAt(i + k);
                boolean ok = k < 5 || k == 9 ? upper(c) : digit(c);
                if (k == 3) ok = "CPHFATBLJG".indexOf(c) >= 0;
                if (!ok) return FAIL;
            }
            int end = wordEnd(s, i + 10);
            return end < 0 || named(s, i) ? end : FAIL;
        }

        private static boolean named(String s, int i) {
            for (int k = Math.max(0, i - 64); k + 3 <= i; k++) {
                if (s.regionMatches(true, k, "pan", 0, 3) && wordStart(s, k) && (k + 3 == s.length() || !alnum(s.charAt(k + 3)))) return true;
                if (s.regionMatches(true, k, "permanent account", 0, 17)) return true;
            }
            return false;
        }
    }
}
