package gradlab.tensor.device;

/**
 * The innermost piece of {@link Gemm}: a <em>micro-kernel</em> that multiplies MR rows of A by one packed panel of B
 * (a few columns) and adds the result into an MR x width tile of C, keeping the whole tile in registers while it runs
 * over k.
 *
 * <p>Layouts: a packed B panel of width w holds element (p, j) at {@code b[bo + p*w + j]}, so step p of the k loop
 * reads w consecutive values of B: one register's worth at a time, never a stride. A is read where it lies, through
 * two strides: element (p, r) (row r of the tile, step p) at {@code a[ao + p*aStep + r*aRow]}; step p reads only MR
 * values of A, each broadcast to a whole register, so a stride costs nothing there. (A panel packed by {@link Gemm}
 * has aStep = MR and aRow = 1.)
 *
 * <p>Every implementation computes every element of C in exactly the same order, so all of them give bit-identical
 * results: c starts at the value already in C (the caller zeroes C first) and then, for p = 0, 1, ..., kc-1,
 * c = fma(a[i][p], b[p][j], c), one fused multiply-add (rounded once) per step. Two implementations:
 * {@link GemmVector} (SIMD through the Vector API) and {@link GemmPortable} (plain Java, used when the
 * {@code jdk.incubator.vector} module is absent).
 */
interface GemmKernel {
    /** Rows of A per panel (the tile height), the same for every implementation. */
    int MR = 4;

    /** Width of a full float32 B panel (columns per tile). */
    int floatPanelWidth();

    /** Width of the narrow float32 panels that cover the last columns (less than a full panel), padded with zeros. */
    int floatTailWidth();

    /** Width of a full float64 B panel. */
    int doublePanelWidth();

    /** Width of the narrow float64 tail panels. */
    int doubleTailWidth();

    /**
     * C[0..MR)[0..w) += A's MR rows times B panel over kc steps, for a panel width w that is either
     * {@link #floatPanelWidth()} or {@link #floatTailWidth()}. C's row i starts at {@code c[co + i*ldc]}.
     */
    void multiply(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, int w, float[] c, int co, int ldc);

    /**
     * Packs one full panel of a transposed B, if this kernel has a faster way than {@link Gemm}'s element-by-element
     * copy: B's columns are contiguous, (p, j) at {@code src[s0 + p + j*cs]}, and the panel of width w gets (p, j) at
     * {@code dst[d0 + p*w + j]} for p in [0, k). Returns false (having written nothing) if it has none.
     */
    default boolean packTransposedPanel(float[] src, int s0, int cs, int k, int w, float[] dst, int d0) {
        return false;
    }

    /**
     * {@link #multiply} for 2 MR rows at once: rows [0, MR) and [MR, 2 MR) of A (the second starting at
     * {@code ao + MR*aRow}) into rows [0, 2 MR) of the tile. Each element is the same sum in the same order as two
     * calls give, so the results are identical; Gemm uses it for narrow panels, where a 4-row tile one register wide
     * has only 4 independent accumulators and waits on each fused multiply-add's latency (4 cycles) instead of
     * keeping the FMA unit busy. This default makes the two calls.
     */
    default void multiplyTwoPanels(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, int w,
            float[] c, int co, int ldc) {
        multiply(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        multiply(kc, a, ao + MR * aRow, aStep, aRow, b, bo, w, c, co + MR * ldc, ldc);
    }

    /** As the float32 version, for float64. */
    default void multiplyTwoPanels(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, int w,
            double[] c, int co, int ldc) {
        multiply(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        multiply(kc, a, ao + MR * aRow, aStep, aRow, b, bo, w, c, co + MR * ldc, ldc);
    }

    /** As the float32 version, for float64. */
    void multiply(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, int w, double[] c, int co,
            int ldc);
}
