package gradlab.tensor.device;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel with SIMD through the Vector API ({@code jdk.incubator.vector}): one instruction multiplies and
 * adds a whole register of values (16 floats or 8 doubles with AVX-512, 8 or 4 with AVX2; the species the CPU
 * prefers).
 *
 * <p><b>Register blocking.</b> A full tile is MR = 4 rows by 3 registers of C, i.e. 12 accumulator registers that
 * stay in the CPU while the loop runs over k. Each step p loads 3 registers of B (one row of the panel), broadcasts
 * each of the 4 values of A's column p into a register (A's strides aStep and aRow say where they are), and does 12
 * fused multiply-adds: 12 FMAs for 7 loads, where the plain i-k-j loop does 1 load and 1 store per multiply-add. The
 * 12 independent accumulators also hide the FMA unit's latency. The narrow tail panels (one register wide) use an
 * 8 x 1 tile (two row panels at once) where the rows allow, else 4 x 1.
 *
 * <p>Only {@link Gemm} picks this class, and only when the module is present (see {@link Gemm#KERNEL}): loading it
 * without the module would fail.
 */
final class GemmVector implements GemmKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    private static final int DL = DS.length();

    @Override
    public int floatPanelWidth() {
        return 3 * FL;
    }

    @Override
    public int floatTailWidth() {
        return FL;
    }

    @Override
    public int doublePanelWidth() {
        return 3 * DL;
    }

    @Override
    public int doubleTailWidth() {
        return DL;
    }

    /**
     * A full panel of a transposed B (W^T, how Linear multiplies) with SIMD gathers: for each step p, one instruction
     * reads column p of FL consecutive rows of W ({@code src[s0 + p + (j + i)*cs]} for i in [0, FL)) into a register,
     * which is then stored as FL consecutive values of the panel's row p. The element-by-element copy does a load and
     * a store per value. Packing the MNIST layer's W^T (784 x 96 of its 100 columns) in a standalone loop took 37 us
     * instead of 61; the whole forward product went from 240 to 192 us (paired runs in one JVM, the machine in a slow
     * phase). The FL offsets are a small table made per panel.
     */
    @Override
    public boolean packTransposedPanel(float[] src, int s0, int cs, int k, int w, float[] dst, int d0) {
        if (w % FL != 0 || cs <= 0 || s0 < 0 || (long) cs * (w - 1) + s0 + k > src.length) {
            return false;
        }
        int[] rows = new int[FL];   // the gather's offsets: FL rows of W, cs apart
        for (int i = 0; i < FL; i++) {
            rows[i] = i * cs;
        }
        for (int p = 0; p < k; p++) {
            int d = d0 + p * w;
            for (int j = 0; j < w; j += FL) {
                FloatVector.fromArray(FS, src, s0 + p + j * cs, rows, 0).intoArray(dst, d + j);
            }
        }
        return true;
    }

    /** A narrow panel (one register wide) for 8 rows at once: {@link #multiply8x1}; otherwise two 4-row tiles. */
    @Override
    public void multiplyTwoPanels(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, int w, float[] c,
            int co, int ldc) {
        if (w == FL) {
            multiply8x1(kc, a, ao, aStep, aRow, b, bo, c, co, ldc);
        } else {
            GemmKernel.super.multiplyTwoPanels(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        }
    }

    /**
     * The narrow tile for 8 rows: 8 accumulators, so 8 fused multiply-adds are in flight while each waits out its
     * latency (a 4 x 1 tile has only 4, and ran at ~57% of this speed on the MNIST layer's last 4 columns).
     */
    private static void multiply8x1(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, float[] c,
            int co, int ldc) {
        FloatVector c0 = FloatVector.fromArray(FS, c, co);
        FloatVector c1 = FloatVector.fromArray(FS, c, co + ldc);
        FloatVector c2 = FloatVector.fromArray(FS, c, co + 2 * ldc);
        FloatVector c3 = FloatVector.fromArray(FS, c, co + 3 * ldc);
        FloatVector c4 = FloatVector.fromArray(FS, c, co + 4 * ldc);
        FloatVector c5 = FloatVector.fromArray(FS, c, co + 5 * ldc);
        FloatVector c6 = FloatVector.fromArray(FS, c, co + 6 * ldc);
        FloatVector c7 = FloatVector.fromArray(FS, c, co + 7 * ldc);
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(FS, b, bo + p * FL);
            int ap = ao + p * aStep;
            c0 = FloatVector.broadcast(FS, a[ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(FS, a[ap + aRow]).fma(bv, c1);
            c2 = FloatVector.broadcast(FS, a[ap + 2 * aRow]).fma(bv, c2);
            c3 = FloatVector.broadcast(FS, a[ap + 3 * aRow]).fma(bv, c3);
            c4 = FloatVector.broadcast(FS, a[ap + 4 * aRow]).fma(bv, c4);
            c5 = FloatVector.broadcast(FS, a[ap + 5 * aRow]).fma(bv, c5);
            c6 = FloatVector.broadcast(FS, a[ap + 6 * aRow]).fma(bv, c6);
            c7 = FloatVector.broadcast(FS, a[ap + 7 * aRow]).fma(bv, c7);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
        c6.intoArray(c, co + 6 * ldc);
        c7.intoArray(c, co + 7 * ldc);
    }

    @Override
    public void multiply(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, int w, float[] c, int co,
            int ldc) {
        if (w == FL) {
            multiply4x1(kc, a, ao, aStep, aRow, b, bo, c, co, ldc);
        } else {
            multiply4x3(kc, a, ao, aStep, aRow, b, bo, c, co, ldc);
        }
    }

    /** The full 4 x 3-register tile. */
    private static void multiply4x3(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, float[] c,
            int co, int ldc) {
        int c0 = co;
        int c1 = co + ldc;
        int c2 = co + 2 * ldc;
        int c3 = co + 3 * ldc;
        FloatVector c00 = FloatVector.fromArray(FS, c, c0);
        FloatVector c01 = FloatVector.fromArray(FS, c, c0 + FL);
        FloatVector c02 = FloatVector.fromArray(FS, c, c0 + 2 * FL);
        FloatVector c10 = FloatVector.fromArray(FS, c, c1);
        FloatVector c11 = FloatVector.fromArray(FS, c, c1 + FL);
        FloatVector c12 = FloatVector.fromArray(FS, c, c1 + 2 * FL);
        FloatVector c20 = FloatVector.fromArray(FS, c, c2);
        FloatVector c21 = FloatVector.fromArray(FS, c, c2 + FL);
        FloatVector c22 = FloatVector.fromArray(FS, c, c2 + 2 * FL);
        FloatVector c30 = FloatVector.fromArray(FS, c, c3);
        FloatVector c31 = FloatVector.fromArray(FS, c, c3 + FL);
        FloatVector c32 = FloatVector.fromArray(FS, c, c3 + 2 * FL);
        int w = 3 * FL;
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * w;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + FL);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * FL);
            int ap = ao + p * aStep;
            FloatVector a0 = FloatVector.broadcast(FS, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(FS, a[ap + aRow]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(FS, a[ap + 2 * aRow]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(FS, a[ap + 3 * aRow]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + FL);
        c02.intoArray(c, c0 + 2 * FL);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + FL);
        c12.intoArray(c, c1 + 2 * FL);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + FL);
        c22.intoArray(c, c2 + 2 * FL);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + FL);
        c32.intoArray(c, c3 + 2 * FL);
    }

    /** The narrow 4 x 1-register tile for the last columns. */
    private static void multiply4x1(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, float[] c,
            int co, int ldc) {
        FloatVector c0 = FloatVector.fromArray(FS, c, co);
        FloatVector c1 = FloatVector.fromArray(FS, c, co + ldc);
        FloatVector c2 = FloatVector.fromArray(FS, c, co + 2 * ldc);
        FloatVector c3 = FloatVector.fromArray(FS, c, co + 3 * ldc);
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(FS, b, bo + p * FL);
            int ap = ao + p * aStep;
            c0 = FloatVector.broadcast(FS, a[ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(FS, a[ap + aRow]).fma(bv, c1);
            c2 = FloatVector.broadcast(FS, a[ap + 2 * aRow]).fma(bv, c2);
            c3 = FloatVector.broadcast(FS, a[ap + 3 * aRow]).fma(bv, c3);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
    }

    /** A narrow panel (one register wide) for 8 rows at once: {@link #multiply8x1}; otherwise two 4-row tiles. */
    @Override
    public void multiplyTwoPanels(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, int w,
            double[] c, int co, int ldc) {
        if (w == DL) {
            multiply8x1(kc, a, ao, aStep, aRow, b, bo, c, co, ldc);
        } else {
            GemmKernel.super.multiplyTwoPanels(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        }
    }

    /**
     * The narrow tile for 8 rows: 8 accumulators, so 8 fused multiply-adds are in flight while each waits out its
     * latency (a 4 x 1 tile has only 4, and ran at ~57% of this speed on the MNIST layer's last 4 columns).
     */
    private static void multiply8x1(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, double[] c,
            int co, int ldc) {
        DoubleVector c0 = DoubleVector.fromArray(DS, c, co);
        DoubleVector c1 = DoubleVector.fromArray(DS, c, co + ldc);
        DoubleVector c2 = DoubleVector.fromArray(DS, c, co + 2 * ldc);
        DoubleVector c3 = DoubleVector.fromArray(DS, c, co + 3 * ldc);
        DoubleVector c4 = DoubleVector.fromArray(DS, c, co + 4 * ldc);
        DoubleVector c5 = DoubleVector.fromArray(DS, c, co + 5 * ldc);
        DoubleVector c6 = DoubleVector.fromArray(DS, c, co + 6 * ldc);
        DoubleVector c7 = DoubleVector.fromArray(DS, c, co + 7 * ldc);
        for (int p = 0; p < kc; p++) {
            DoubleVector bv = DoubleVector.fromArray(DS, b, bo + p * DL);
            int ap = ao + p * aStep;
            c0 = DoubleVector.broadcast(DS, a[ap]).fma(bv, c0);
            c1 = DoubleVector.broadcast(DS, a[ap + aRow]).fma(bv, c1);
            c2 = DoubleVector.broadcast(DS, a[ap + 2 * aRow]).fma(bv, c2);
            c3 = DoubleVector.broadcast(DS, a[ap + 3 * aRow]).fma(bv, c3);
            c4 = DoubleVector.broadcast(DS, a[ap + 4 * aRow]).fma(bv, c4);
            c5 = DoubleVector.broadcast(DS, a[ap + 5 * aRow]).fma(bv, c5);
            c6 = DoubleVector.broadcast(DS, a[ap + 6 * aRow]).fma(bv, c6);
            c7 = DoubleVector.broadcast(DS, a[ap + 7 * aRow]).fma(bv, c7);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
        c6.intoArray(c, co + 6 * ldc);
        c7.intoArray(c, co + 7 * ldc);
    }

    @Override
    public void multiply(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, int w, double[] c, int co,
            int ldc) {
        if (w == DL) {
            multiply4x1(kc, a, ao, aStep, aRow, b, bo, c, co, ldc);
        } else {
            multiply4x3(kc, a, ao, aStep, aRow, b, bo, c, co, ldc);
        }
    }

    /** The full 4 x 3-register tile, float64. */
    private static void multiply4x3(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, double[] c,
            int co, int ldc) {
        int c0 = co;
        int c1 = co + ldc;
        int c2 = co + 2 * ldc;
        int c3 = co + 3 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(DS, c, c0);
        DoubleVector c01 = DoubleVector.fromArray(DS, c, c0 + DL);
        DoubleVector c02 = DoubleVector.fromArray(DS, c, c0 + 2 * DL);
        DoubleVector c10 = DoubleVector.fromArray(DS, c, c1);
        DoubleVector c11 = DoubleVector.fromArray(DS, c, c1 + DL);
        DoubleVector c12 = DoubleVector.fromArray(DS, c, c1 + 2 * DL);
        DoubleVector c20 = DoubleVector.fromArray(DS, c, c2);
        DoubleVector c21 = DoubleVector.fromArray(DS, c, c2 + DL);
        DoubleVector c22 = DoubleVector.fromArray(DS, c, c2 + 2 * DL);
        DoubleVector c30 = DoubleVector.fromArray(DS, c, c3);
        DoubleVector c31 = DoubleVector.fromArray(DS, c, c3 + DL);
        DoubleVector c32 = DoubleVector.fromArray(DS, c, c3 + 2 * DL);
        int w = 3 * DL;
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * w;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + DL);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * DL);
            int ap = ao + p * aStep;
            DoubleVector a0 = DoubleVector.broadcast(DS, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            DoubleVector a1 = DoubleVector.broadcast(DS, a[ap + aRow]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            DoubleVector a2 = DoubleVector.broadcast(DS, a[ap + 2 * aRow]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            DoubleVector a3 = DoubleVector.broadcast(DS, a[ap + 3 * aRow]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + DL);
        c02.intoArray(c, c0 + 2 * DL);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + DL);
        c12.intoArray(c, c1 + 2 * DL);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + DL);
        c22.intoArray(c, c2 + 2 * DL);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + DL);
        c32.intoArray(c, c3 + 2 * DL);
    }

    /** The narrow 4 x 1-register tile, float64. */
    private static void multiply4x1(int kc, double[] a, int ao, int aStep, int aRow, double[] b, int bo, double[] c,
            int co, int ldc) {
        DoubleVector c0 = DoubleVector.fromArray(DS, c, co);
        DoubleVector c1 = DoubleVector.fromArray(DS, c, co + ldc);
        DoubleVector c2 = DoubleVector.fromArray(DS, c, co + 2 * ldc);
        DoubleVector c3 = DoubleVector.fromArray(DS, c, co + 3 * ldc);
        for (int p = 0; p < kc; p++) {
            DoubleVector bv = DoubleVector.fromArray(DS, b, bo + p * DL);
            int ap = ao + p * aStep;
            c0 = DoubleVector.broadcast(DS, a[ap]).fma(bv, c0);
            c1 = DoubleVector.broadcast(DS, a[ap + aRow]).fma(bv, c1);
            c2 = DoubleVector.broadcast(DS, a[ap + 2 * aRow]).fma(bv, c2);
            c3 = DoubleVector.broadcast(DS, a[ap + 3 * aRow]).fma(bv, c3);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
    }
}
