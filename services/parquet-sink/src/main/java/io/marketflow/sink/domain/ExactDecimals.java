package io.marketflow.sink.domain;

/**
 * Short decimals converted to double without {@link Double#parseDouble}, for the streaming fast paths
 * ({@link TradeJsonReader}, {@link WeekBarsJsonReader}): prices and sizes as feeds write them are the exact case of the
 * conversion, and its general algorithm was the largest part of a fast path's time.
 */
final class ExactDecimals {

    /** Powers of ten a double holds exactly. */
    private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private ExactDecimals() {
    }

    /**
     * The exact case of decimal to double (Clinger): up to 2^53 as the digits and a power of ten up to 22 both are
     * doubles, and one division or multiplication of them is rounded correctly, so the result is the one
     * {@link Double#parseDouble} gives, bit for bit, without its general algorithm.
     *
     * @param chars a buffer holding a JSON number
     * @param offset where the number starts
     * @param length its length
     * @return its value, NaN when it is not that case (more digits, a larger exponent): the caller then parses it
     */
    static double parse(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = i < end && chars[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int count = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (++count > 18) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                if (fraction) {
                    scale++;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else {
                break;
            }
        }
        int exponent = 0;
        if (i < end) {
            if (chars[i] != 'e' && chars[i] != 'E' || ++i == end) {
                return Double.NaN;
            }
            boolean negativeExponent = chars[i] == '-';
            if (negativeExponent || chars[i] == '+') {
                i++;
            }
            if (i == end || end - i > 3) {
                return Double.NaN;
            }
            for (; i < end; i++) {
                char c = chars[i];
                if (c < '0' || c > '9') {
                    return Double.NaN;
                }
                exponent = exponent * 10 + (c - '0');
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        exponent -= scale;
        if (count == 0 || digits > 1L << 53 || exponent < -22 || exponent > 22) {
            return Double.NaN;
        }
        double value = exponent < 0 ? digits / POWERS_OF_TEN[-exponent] : digits * POWERS_OF_TEN[exponent];
        return negative ? -value : value;
    }
}
