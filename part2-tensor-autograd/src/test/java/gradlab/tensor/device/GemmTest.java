package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked, packed matrix product ({@link Gemm}) at shapes that exercise every edge: rows that are not a multiple
 * of the 4-row tile, columns that end in a narrow tail panel, k longer than one block ({@link Gemm#KC}), the MNIST
 * MLP's shapes, size-1 dims; each in the four layouts (A and B plain or transposed views, as Linear and Mm's backward
 * pass them).
 *
 * <ul>
 *   <li>The Vector API kernel and the portable fallback give <b>bit-identical</b> results, on 1 and 2 threads (they
 *       perform the same fused multiply-adds in the same order).</li>
 *   <li>The CPU device's product agrees with the {@link ReferenceDevice} (the textbook triple loop summing in
 *       float64) to within a bound on the rounding error: float64 to 1e-12 and float32 to k * 2^-23 of
 *       sum_p |a_ip b_pj|.</li>
 * </ul>
 */
class GemmTest {

    /**
     * Interesting (n, k, m): tails in every dim, k over one and two blocks ({6, 1100, 50}: KC = 1024), the MLP's three
     * layers, {131, 100, 81}: over the 2-thread threshold with a last row panel of 3 rows, packed on its own, and
     * {16, 1100, 17}, {9, 2100, 81}: the 8-row tail tile in a second and third block of k.
     */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {3, 2, 5}, {4, 8, 16}, {5, 7, 17}, {7, 129, 47}, {9, 300, 49}, {13, 5, 100}, {2, 257, 3},
        {128, 784, 100}, {128, 100, 50}, {128, 50, 10}, {784, 128, 100}, {100, 128, 50}, {50, 128, 10},
        {130, 33, 97}, {1, 64, 200}, {200, 64, 1}, {6, 1100, 50}, {131, 100, 81}, {16, 1100, 17}, {9, 2100, 81},
    };

    private static final String[] LAYOUTS = {"A B", "A B^T", "A^T B", "A^T B^T"};

    /** Every shape in every layout and dtype, each with its own seed (in the test's name). */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 1;
        for (DType dtype : DType.values()) {
            for (int[] s : SHAPES) {
                for (String layout : LAYOUTS) {
                    out.add(Arguments.of(dtype, layout, s[0], s[1], s[2], seed++));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} [{2}, {3}] x [{3}, {4}] as {1}, seed {5}")
    @MethodSource("cases")
    void vectorAndPortableKernelsAgreeBitForBit(DType dtype, String layout, int n, int k, int m, long seed) {
        assumeTrue(Gemm.vectorApiAvailable(), "the JVM runs without jdk.incubator.vector");
        Random random = new Random(seed);
        Strided a = matrix(dtype, n, k, layout.startsWith("A^T"), random);
        Strided b = matrix(dtype, k, m, layout.endsWith("B^T"), random);

        double[] portable = product(new GemmPortable(), 1, a, b, n, m, 0);
        double[] vector = product(new GemmVector(), 1, a, b, n, m, 0);
        double[] vectorTwoThreads = product(new GemmVector(), 2, a, b, n, m, 0);
        // packed panels placed where a cache line starts in a JVM with 64-byte object alignment (CacheLineAlignment),
        // and at an odd element, which no alignment gives: the results must not depend on the placement
        double[] vectorOnCacheLines = product(new GemmVector(), 1, a, b, n, m, 12);
        double[] vectorAtOddPlace = product(new GemmVector(), 1, a, b, n, m, 5);
        assertBitIdentical(vector, portable, "Vector API kernel vs portable kernel");
        assertBitIdentical(vectorTwoThreads, vector, "Vector API kernel on 2 threads vs 1 thread");
        assertBitIdentical(vectorOnCacheLines, vector, "Vector API kernel with panels at element 12 (6 for doubles)");
        assertBitIdentical(vectorAtOddPlace, vector, "Vector API kernel with panels at element 5 (2 for doubles)");
    }

    @ParameterizedTest(name = "{0} [{2}, {3}] x [{3}, {4}] as {1}, seed {5}")
    @MethodSource("cases")
    void cpuProductAgreesWithReferenceDevice(DType dtype, String layout, int n, int k, int m, long seed) {
        Generator g = new Generator(seed);
        Tensor a = layout.startsWith("A^T") ? Tensor.randn(g, k, n).to(dtype).t() : Tensor.randn(g, n, k).to(dtype);
        Tensor b = layout.endsWith("B^T") ? Tensor.randn(g, m, k).to(dtype).t() : Tensor.randn(g, k, m).to(dtype);
        double[] got = a.mm(b).toDoubleArray();
        Tensor ra = a.to(ReferenceDevice.INSTANCE);
        Tensor rb = b.to(ReferenceDevice.INSTANCE);
        double[] expected = ra.mm(rb).toDoubleArray();
        double[] magnitude = ra.abs().mm(rb.abs()).toDoubleArray();   // sum_p |a_ip b_pj|
        double relTol = dtype == DType.FLOAT64 ? 1e-12 : (k + 2) * 0x1p-23;
        assertClose(got, expected, magnitude, relTol, dtype + " " + layout);
    }

    @ParameterizedTest(name = "{0}, seed 7")
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void batchedProductWithBroadcastBatchDimsAgreesWithReferenceDevice(DType dtype) {
        Generator g = new Generator(7);
        Tensor a = Tensor.randn(g, 3, 1, 6, 9).to(dtype);              // batch [3, 1]
        Tensor b = Tensor.randn(g, 4, 19, 9).to(dtype).transpose(-1, -2); // batch [4], a transposed view [9, 19]
        double[] got = a.matmul(b).toDoubleArray();
        double[] expected = a.to(ReferenceDevice.INSTANCE).matmul(b.to(ReferenceDevice.INSTANCE)).toDoubleArray();
        double[] magnitude = a.abs().to(ReferenceDevice.INSTANCE).matmul(b.abs().to(ReferenceDevice.INSTANCE))
                .toDoubleArray();
        assertThat(got).hasSize(3 * 4 * 6 * 19);
        assertClose(got, expected, magnitude, dtype == DType.FLOAT64 ? 1e-12 : 11 * 0x1p-23, dtype + " batched");
    }

    @Test
    void mixedDtypesComputeInTheOutputsDtype() {
        Generator g = new Generator(11);
        Tensor a = Tensor.randn(g, 5, 70).to(DType.FLOAT32);
        Tensor b = Tensor.randn(g, 70, 21);                              // float64
        Tensor c = a.mm(b);
        assertThat(c.dtype()).isEqualTo(DType.FLOAT64);
        double[] expected = a.to(DType.FLOAT64).to(ReferenceDevice.INSTANCE).mm(b.to(ReferenceDevice.INSTANCE))
                .toDoubleArray();
        double[] magnitude = a.abs().to(DType.FLOAT64).mm(b.abs()).toDoubleArray();
        assertClose(c.toDoubleArray(), expected, magnitude, 1e-12, "float32 x float64");
    }

    @Test
    void theVectorKernelIsChosenExactlyWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(Gemm.KERNEL.getClass())
                .as("kernel chosen with jdk.incubator.vector %s", present ? "present" : "absent")
                .isEqualTo(present ? GemmVector.class : GemmPortable.class);
    }

    /** A random n x cols matrix stored row-major, or (transposed) as the transposed view of a cols x n one. */
    private static Strided matrix(DType dtype, int rows, int cols, boolean transposed, Random random) {
        Storage s = CpuDevice.INSTANCE.allocate(dtype, rows * cols);
        for (int i = 0; i < rows * cols; i++) {
            double v = random.nextGaussian();
            if (s instanceof FloatStorage f) {
                f.data[i] = (float) v;
            } else {
                ((DoubleStorage) s).data[i] = v;
            }
        }
        int[] strides = transposed ? new int[] {1, rows} : new int[] {cols, 1};
        return new Strided(s, new int[] {rows, cols}, strides, 0);
    }

    /** The product, with the packed panels starting at element {@code floatBase} (half of it for doubles). */
    private static double[] product(GemmKernel kernel, int threads, Strided a, Strided b, int n, int m,
            int floatBase) {
        DType dtype = a.storage().dtype();
        Strided out = new Strided(CpuDevice.INSTANCE.allocate(dtype, n * m), new int[] {n, m}, new int[] {m, 1}, 0);
        Gemm.multiply(kernel, threads, a, b, out, floatBase, floatBase / 2);
        return CpuDevice.INSTANCE.toDoubles(out);
    }

    private static void assertBitIdentical(double[] got, double[] expected, String what) {
        assertThat(got).as(what + ": element count").hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            if (Double.doubleToRawLongBits(got[i]) != Double.doubleToRawLongBits(expected[i])) {
                throw new AssertionError(what + ": element " + i + " differs: " + got[i] + " vs " + expected[i]
                        + " (expected bit-identical results)");
            }
        }
    }

    /** Fails at the first element further than relTol * magnitude (+ a tiny absolute floor) from the reference. */
    private static void assertClose(double[] got, double[] expected, double[] magnitude, double relTol, String what) {
        assertThat(got).as(what + ": element count").hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            double tol = relTol * magnitude[i] + 1e-30;
            if (!(Math.abs(got[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", the reference device gives "
                        + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
