package gradlab.gradcheck;

/** Turns a flat row-major index into the multi-index of a shape, for reports: index 5 of shape [2, 3] is [1, 2]. */
final class Indices {
    private Indices() {
    }

    /** The multi-index of flat index {@code flat} in row-major order. */
    static int[] unravel(int[] shape, int flat) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /** "[1, 2]" for a matrix element, "[3]" for a vector element, "[]" for a scalar. */
    static String format(int[] shape, int flat) {
        return java.util.Arrays.toString(unravel(shape, flat));
    }
}
