package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU matmul kernel at sizes the op catalogue's small cases never reach: tiles cut off at every edge (see also
 * {@link GemmTest}, which also covers k over one block) and products big enough to be split between cores (so every
 * row chunk, including an uneven last one, must be written). EJML's product is the independent reference.
 */
class CpuMatmulTest {

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(128, 784, 100),   // the MNIST MLP's first layer
                Arguments.of(67, 130, 33),     // odd sizes: edge tiles in rows and columns, rows split unevenly
                Arguments.of(1, 1000, 300),    // one row: nothing to split
                Arguments.of(301, 65, 1),      // one column
                Arguments.of(3, 2, 5));        // small: single-threaded path
    }

    @ParameterizedTest(name = "[{0}, {1}] x [{1}, {2}]")
    @MethodSource("sizes")
    void float64ProductMatchesEjml(int n, int k, int m) {
        Tensor a = Tensor.randn(new Generator(n * 31L + k), n, k);
        Tensor b = Tensor.randn(new Generator(k * 17L + m), k, m);
        double[] expected = ejml(a, b);
        assertClose(a.mm(b).toDoubleArray(), expected, 1e-9, "contiguous");
        // the same product with transposed (strided) operands, as Mm's backward feeds it
        Tensor at = a.t().contiguous().t();
        Tensor bt = b.t().contiguous().t();
        assertThat(at.isContiguous()).isEqualTo(n == 1 || k == 1);
        assertClose(at.mm(bt).toDoubleArray(), expected, 1e-9, "transposed operands");
    }

    @ParameterizedTest(name = "[{0}, {1}] x [{1}, {2}]")
    @MethodSource("sizes")
    void float32ProductAgreesWithFloat64(int n, int k, int m) {
        Tensor a = Tensor.randn(new Generator(n * 31L + k), n, k);
        Tensor b = Tensor.randn(new Generator(k * 17L + m), k, m);
        double[] expected = ejml(a, b);
        Tensor c = a.to(DType.FLOAT32).mm(b.to(DType.FLOAT32));
        assertThat(c.dtype()).isEqualTo(DType.FLOAT32);
        // float32 accumulation over k terms of size ~1: the error grows like sqrt(k) * 6e-8 * |terms|
        assertClose(c.toDoubleArray(), expected, 1e-3, "float32");
    }

    @ParameterizedTest(name = "batch of [{0}, {1}] x [{1}, {2}]")
    @MethodSource("sizes")
    void batchedProductMatchesEachMatrixProduct(int n, int k, int m) {
        Tensor a = Tensor.randn(new Generator(5), 3, n, k);
        Tensor b = Tensor.randn(new Generator(6), 3, k, m);
        Tensor c = a.matmul(b);
        for (int t = 0; t < 3; t++) {
            assertClose(c.select(0, t).toDoubleArray(), ejml(a.select(0, t), b.select(0, t)), 1e-9, "batch " + t);
        }
    }

    /**
     * Empty dims, as PyTorch: [2, 0] x [0, 3] is a [2, 3] of zeros (each element a sum of no products); n = 0 or
     * m = 0 gives an empty result; gradients of empty inputs are empty. Both dtypes, plain and batched.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void emptyDimsGiveZerosOrEmptyResultsLikePyTorch(DType dtype) {
        Tensor kZero = Tensor.zeros(dtype, 2, 0).mm(Tensor.zeros(dtype, 0, 3));
        assertThat(kZero.shape()).containsExactly(2, 3);
        assertThat(kZero.toDoubleArray()).containsExactly(0, 0, 0, 0, 0, 0);
        assertThat(Tensor.ones(dtype, 0, 2).mm(Tensor.ones(dtype, 2, 3)).shape()).containsExactly(0, 3);
        assertThat(Tensor.ones(dtype, 2, 2).mm(Tensor.ones(dtype, 2, 0)).shape()).containsExactly(2, 0);
        Tensor batched = Tensor.ones(dtype, 4, 2, 0).matmul(Tensor.ones(dtype, 4, 0, 3));
        assertThat(batched.shape()).containsExactly(4, 2, 3);
        assertThat(batched.toDoubleArray()).containsOnly(0).hasSize(24);
        assertThat(Tensor.ones(dtype, 0).matmul(Tensor.ones(dtype, 0)).item()).isEqualTo(0);

        Tensor x = Tensor.ones(dtype, 2, 0).requiresGrad(true);
        Tensor w = Tensor.ones(dtype, 0, 3).requiresGrad(true);
        x.mm(w).sum().backward();
        assertThat(x.grad().shape()).containsExactly(2, 0);
        assertThat(w.grad().shape()).containsExactly(0, 3);
    }

    /** Fails at the first element further than {@code tol} from the reference, naming it (row-major index). */
    private static void assertClose(double[] got, double[] expected, double tol, String what) {
        assertThat(got).as(what + ": element count").hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", EJML gives " + expected[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    private static double[] ejml(Tensor a, Tensor b) {
        DMatrixRMaj ma = new DMatrixRMaj(a.size(0), a.size(1), true, a.toDoubleArray());
        DMatrixRMaj mb = new DMatrixRMaj(b.size(0), b.size(1), true, b.toDoubleArray());
        DMatrixRMaj mc = new DMatrixRMaj(a.size(0), b.size(1));
        CommonOps_DDRM.mult(ma, mb, mc);
        return mc.getData();
    }
}
