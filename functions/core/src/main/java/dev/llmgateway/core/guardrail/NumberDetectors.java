package dev.llmgateway.core.guardrail;

/** The built-in detectors of numeric identifiers: payment cards, US SSNs and Aadhaar numbers. */
final class NumberDetectors {
    private NumberDetectors() {}

    /**
     * A detector of one digit run ({@link DigitRun}): the run at a position is read once per pass and
     * judged by each of these; a run the text's end cut short is held only while it can still grow
     * into, or already is, a valid value.
     */
    abstract static class Numeric extends Parsed {
        private final int maxDigits;

        Numeric(String name, String type, int maxDigits) {
            super(name, type);
            this.maxDigits = maxDigits;
        }

        @Override
        final int match(String s, int i, DigitRun run) {
            int end = run.at(s, i, maxDigits);
            if (end == MORE) return valid(run) || canGrow(run) ? MORE : FAIL;
            return end < 0 || valid(run) ? end : FAIL;
        }

        @Override
        final boolean inLongRun() {
            return false;
        }

        /** Every value of these forms begins with two digits. */
        @Override
        final boolean second(char c) {
            return digit(c);
        }

        /** Whether the run read so far is a value as it stands. */
        abstract boolean valid(DigitRun run);

        /** Whether digits still to come (the run being cut short by the text's end) could make it a value. */
        abstract boolean canGrow(DigitRun run);
    }

    /** Payment card numbers: 13 to 19 digits (groups joined by spaces or dashes), Luhn, and an issuer's prefix and length. */
    static final class Card extends Numeric {
        /** For each prefix of 1 to 6 digits ({@code TABLE[k-1][p]}), the card lengths some issuer gives numbers starting so (bit L). */
        private static final class Prefixes {
            static final int[][] TABLE = new int[6][];

            static {
                int size = 1;
                for (int k = 0; k < 6; k++) TABLE[k] = new int[size *= 10];
                for (int p6 = 0; p6 < 1_000_000; p6++) {
                    int lengths = lengths(p6);
                    for (int k = 5, p = p6; k >= 0; k--, p /= 10) TABLE[k][p] |= lengths;
                }
            }
        }

        Card() {
            super("credit_card", "CARD", DigitRun.MAX_DIGITS);
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
        boolean valid(DigitRun run) {
            int len = run.count;
            if (len < 13 || (run.groupCount > 1 && run.groups[0] < 4)) return false;
            return (lengths(run.prefix(6)) & 1 << len) != 0 && Checksums.luhn(run.digits, len);
        }

        @Override
        boolean canGrow(DigitRun run) {
            if (run.open == DigitRun.Open.NO || run.open == DigitRun.Open.NEXT || run.count == DigitRun.MAX_DIGITS) return false;
            boolean grouped = run.groupCount > 1 || run.open == DigitRun.Open.SEPARATOR;
            if (grouped && run.groups[0] < 4) return false;
            int k = Math.min(run.count, 6);
            return Prefixes.TABLE[k - 1][run.prefix(k)] >>> (run.count + 1) != 0;
        }

        /**
         * The lengths (bit L for L digits) issued for numbers starting with the six digits {@code p6}:
         * the schemes' published IIN ranges, in the order their ranges take precedence.
         */
        static int lengths(int p6) {
            int p2 = p6 / 10_000;
            int p3 = p6 / 1000;
            int p4 = p6 / 100;
            if (p6 / 100_000 == 4) return bits(13) | bits(16) | bits(19);                         // Visa
            if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return bits(16);            // Mastercard
            if (p2 == 34 || p2 == 37) return bits(15);                                            // American Express
            if (p4 >= 2200 && p4 <= 2204) return bits(16);                                        // Mir
            if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return from(16); // Discover
            if (p4 >= 3528 && p4 <= 3589) return from(16);                                        // JCB
            if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) return from(14);    // Diners Club
            if (p2 == 62) return from(16);                                                        // UnionPay
            if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67) return from(13);      // Maestro
            return p2 == 60 ? bits(16) : 0;                                                       // RuPay
        }

        private static int bits(int length) {
            return 1 << length;
        }

        /** {@code length} to 19. */
        private static int from(int length) {
            return (1 << 20) - (1 << length);
        }
    }

    /**
     * US Social Security numbers written {@code AAA-GG-SSSS} (dashes or spaces): area 000, 666 and
     * 900-999, group 00 and serial 0000 are never issued, and the numbers published in advertising
     * (078-05-1120, 219-09-9999) and the specimen 123-45-6789 are excluded. Nine bare digits are not
     * taken: without the shape they are any number.
     */
    static final class Ssn extends Numeric {
        private static final int[] SHAPE = {3, 2, 4};

        Ssn() {
            super("us_ssn", "SSN", 9);
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
        boolean valid(DigitRun run) {
            if (!run.shape(SHAPE)) return false;
            int number = run.prefix(9);
            int area = number / 1_000_000;
            if (!issuedArea(area) || number / 10_000 % 100 == 0 || number % 10_000 == 0) return false;
            return number != 78_051_120 && number != 219_099_999 && number != 123_456_789;
        }

        @Override
        boolean canGrow(DigitRun run) {
            if (run.digits[0] == '9' || (run.count >= 3 && !issuedArea(run.prefix(3)))) return false;
            return run.canGrowInto(false, SHAPE);
        }

        private static boolean issuedArea(int area) {
            return area != 0 && area != 666 && area < 900;
        }
    }

    /** India's Aadhaar: 12 digits (first 2-9), bare or as 4-4-4 groups, with a valid Verhoeff check digit. */
    static final class Aadhaar extends Numeric {
        private static final int[] GROUPS = {4, 4, 4};

        Aadhaar() {
            super("aadhaar", "AADHAAR", 12);
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
        boolean valid(DigitRun run) {
            if (run.count != 12 || !(run.groupCount == 1 || run.shape(GROUPS)) || oneDigit(run)) return false;
            return Checksums.verhoeff(run.digits, 12);
        }

        @Override
        boolean canGrow(DigitRun run) {
            return run.canGrowInto(true, GROUPS);
        }

        private static boolean oneDigit(DigitRun run) {
            for (int k = 1; k < run.count; k++) {
                if (run.digits[k] != run.digits[0]) return false;
            }
            return true;
        }
    }
}
