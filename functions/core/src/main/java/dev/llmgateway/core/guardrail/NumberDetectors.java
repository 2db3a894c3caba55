package dev.llmgateway.core.guardrail;

/** The built-in detectors of numeric identifiers: payment cards, US SSNs and Aadhaar numbers. */
final class NumberDetectors {
    private NumberDetectors() {}

    /** Payment card numbers: 13 to 19 digits (groups joined by spaces or dashes), Luhn, and an issuer's prefix and length. */
    static final class Card extends Parsed {
        private final ThreadLocal<DigitRun> runs = ThreadLocal.withInitial(DigitRun::new);

        Card() {
            super("credit_card", "CARD");
        }

        @Override
        boolean trigger(char c) {
            return c >= '2' && c <= '6';
        }

        @Override
        int maxLength() {
            return 38;
        }

        @Override
        int match(String s, int i) {
            DigitRun run = runs.get();
            int end = DigitRun.read(s, i, " -", 19, run);
            if (end < 0) return end;
            String d = run.digits.toString();
            if (d.length() < 13 || (run.groupCount > 1 && run.groups[0] < 4)) return FAIL;
            return Checksums.luhn(d) && issued(d) ? end : FAIL;
        }

        /** Known issuer prefixes with the lengths they issue (the schemes' published IIN ranges). */
        static boolean issued(String d) {
            int len = d.length();
            int p2 = Integer.parseInt(d.substring(0, 2));
            int p3 = Integer.parseInt(d.substring(0, 3));
            int p4 = Integer.parseInt(d.substring(0, 4));
            int p6 = Integer.parseInt(d.substring(0, 6));
            if (d.charAt(0) == '4') return len == 13 || len == 16 || len == 19;                  // Visa
            if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len == 16;           // Mastercard
            if (p2 == 34 || p2 == 37) return len == 15;                                           // American Express
            if (p4 >= 2200 && p4 <= 2204) return len == 16;                                       // Mir
            if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return len >= 16; // Discover
            if (p4 >= 3528 && p4 <= 3589) return len >= 16;                                       // JCB
            if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) return len >= 14;   // Diners Club
            if (p2 == 62) return len >= 16;                                                       // UnionPay
            if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67) return len >= 13;     // Maestro
            return p2 == 60 && len == 16;                                                         // RuPay
        }
    }

    /**
     * US Social Security numbers written {@code AAA-GG-SSSS} (dashes or spaces): area 000, 666 and
     * 900-999, group 00 and serial 0000 are never issued, and the numbers published in advertising
     * (078-05-1120, 219-09-9999) and the specimen 123-45-6789 are excluded. Nine bare digits are not
     * taken: without the shape they are any number.
     */
    static final class Ssn extends Parsed {
        private final ThreadLocal<DigitRun> runs = ThreadLocal.withInitial(DigitRun::new);

        Ssn() {
            super("us_ssn", "SSN");
        }

        @Override
        boolean trigger(char c) {
            return digit(c);
        }

        @Override
        int maxLength() {
            return 11;
        }

        @Override
        int match(String s, int i) {
            DigitRun run = runs.get();
            int end = DigitRun.read(s, i, "- ", 9, run);
            if (end < 0) return end;
            if (!run.shape(3, 2, 4)) return FAIL;
            String d = run.digits.toString();
            int area = Integer.parseInt(d.substring(0, 3));
            if (area == 0 || area == 666 || area >= 900) return FAIL;
            if (d.startsWith("00", 3) || d.startsWith("0000", 5)) return FAIL;
            if (d.equals("078051120") || d.equals("219099999") || d.equals("123456789")) return FAIL;
            return end;
        }
    }

    /** India's Aadhaar: 12 digits (first 2-9), bare or as 4-4-4 groups, with a valid Verhoeff check digit. */
    static final class Aadhaar extends Parsed {
        private final ThreadLocal<DigitRun> runs = ThreadLocal.withInitial(DigitRun::new);

        Aadhaar() {
            super("aadhaar", "AADHAAR");
        }

        @Override
        boolean trigger(char c) {
            return c >= '2' && c <= '9';
        }

        @Override
        int maxLength() {
            return 14;
        }

        @Override
        int match(String s, int i) {
            DigitRun run = runs.get();
            int end = DigitRun.read(s, i, " -", 12, run);
            if (end < 0) return end;
            if (run.digits.length() != 12 || !(run.groupCount == 1 || run.shape(4, 4, 4))) return FAIL;
            String d = run.digits.toString();
            if (d.chars().distinct().count() == 1) return FAIL;
            return Checksums.verhoeff(d) ? end : FAIL;
        }
    }
}
