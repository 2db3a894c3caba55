package dev.llmgateway.core.guardrail;

/** The check-digit algorithms of the identifiers the built-in detectors validate. */
final class Checksums {
    private Checksums() {}

    /** Luhn (ISO/IEC 7812-1), over the first {@code count} ASCII digits. */
    static boolean luhn(char[] digits, int count) {
        int sum = 0;
        boolean twice = false;
        for (int i = count - 1; i >= 0; i--) {
            int d = digits[i] - '0';
            if (twice) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static final int[][] VERHOEFF_D = {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
            {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
            {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
            {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] VERHOEFF_P = {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
            {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
            {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    /** Verhoeff (dihedral group D5), the check digit of India's Aadhaar numbers, over the first {@code count} ASCII digits. */
    static boolean verhoeff(char[] digits, int count) {
        int c = 0;
        for (int i = 0; i < count; i++) {
            int d = digits[count - 1 - i] - '0';
            c = VERHOEFF_D[c][VERHOEFF_P[i % 8][d]];
        }
        return c == 0;
    }

    static boolean verhoeff(CharSequence digits) {
        return verhoeff(digits.toString().toCharArray(), digits.length());
    }

    /** The Verhoeff check digit to append to {@code digits} (test data generation). */
    static int verhoeffDigit(CharSequence digits) {
        for (int d = 0; d <= 9; d++) {
            if (verhoeff(digits.toString() + d)) return d;
        }
        throw new IllegalStateException();
    }

    /** ISO 13616 IBAN check: the first four characters moved to the end, letters as 10..35, mod 97 equals 1. */
    static boolean mod97(CharSequence iban) {
        int n = iban.length();
        long r = 0;
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (c >= '0' && c <= '9') {
                r = (r * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                r = (r * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return r == 1;
    }
}
