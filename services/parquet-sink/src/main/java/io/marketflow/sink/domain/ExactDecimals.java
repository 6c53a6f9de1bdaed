package io.marketflow.sink.domain;

/**
 * Short decimals converted to double without {@link Double#parseDouble}, for the streaming fast paths'
 * {@link CompactJsonCursor}: prices and sizes as feeds write them are the exact case of the conversion, and its general
 * algorithm was the largest part of a fast path's time.
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
     * @param digits the decimal's digits without sign and dot, as a number (not negative)
     * @param exponent the power of ten they are multiplied by
     * @return digits &times; 10^exponent, NaN when it is not that case (more digits, a larger exponent): the caller then
     *         parses the number
     */
    static double value(long digits, int exponent) {
        if (digits > 1L << 53 || exponent < -22 || exponent > 22) {
            return Double.NaN;
        }
        return exponent < 0 ? digits / POWERS_OF_TEN[-exponent] : digits * POWERS_OF_TEN[exponent];
    }
}
