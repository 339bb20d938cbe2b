package gradlab.tensor.device;

/**
 * The micro-kernel in plain Java, for a JVM started without the {@code jdk.incubator.vector} module: the same
 * operands and the same order of fused multiply-adds as {@link GemmVector}, so the results are bit-identical,
 * only slower. The JIT vectorises the innermost j loop by itself where it can.
 *
 * <pre>
 * for p in 0..kc:                 // one step along k
 *     for r in 0..MR:             // each row of the tile
 *         for j in 0..w:          // each column of the tile
 *             C[r][j] = fma(A[r][p], B[p][j], C[r][j])
 * </pre>
 */
final class GemmPortable implements GemmKernel {
    private static final int FLOAT_WIDTH = 16;
    private static final int DOUBLE_WIDTH = 8;

    @Override
    public int floatPanelWidth() {
        return FLOAT_WIDTH;
    }

    @Override
    public int floatTailWidth() {
        return FLOAT_WIDTH;
    }

    @Override
    public int doublePanelWidth() {
        return DOUBLE_WIDTH;
    }

    @Override
    public int doubleTailWidth() {
        return DOUBLE_WIDTH;
    }

    @Override
    public void multiply(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, int w, float[] c, int co,
            int ldc) {
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * w;
            for (int r = 0; r < MR; r++) {
                float arp = a[ao + p * aStep + r * aRow];
                int cr = co + r * ldc;
                for (int j = 0; j < w; j++) {
                    c[cr + j] = Math.fma(arp, b[bp + j], c[cr + j]);
                }
            }
        }
    }

    @Override
    public void multiply(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, int w, double[] c, int co,
            int ldc) {
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * w;
            for (int r = 0; r < MR; r++) {
                double arp = a[ao + p * aStep + r * aRow];
                int cr = co + r * ldc;
                for (int j = 0; j < w; j++) {
                    c[cr + j] = Math.fma(arp, b[bp + j], c[cr + j]);
                }
            }
        }
    }
}
