package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.ops.Dropout;
import gradlab.tensor.ops.LogSoftmax;
import gradlab.tensor.ops.LogSoftmaxBackward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The fused kernels {@link Device#logSoftmax} and {@link Device#dropout}: the CPU device against the reference device
 * at seeded random shapes and dims (float32 and float64, size 1 and empty lines, special values), and the known
 * values of the formulas. Names say "kernel shape dim dtype seed".
 */
class FusedKernelsTest {
    static final Device REF = ReferenceDevice.INSTANCE;
    static final Device CPU = CpuDevice.INSTANCE;
    static final long SEED = 20261203L;

    static Strided compact(Device device, DType dtype, int[] shape, double[] values) {
        return new Strided(device.fromDoubles(dtype, values), shape, CpuDevice.contiguousStrides(shape), 0);
    }

    static int numel(int[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    static void assertSame(String label, double[] actual, double[] expected, double tol) {
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a) : Double.isInfinite(e) ? a == e
                    : Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
            if (!ok) {
                fail(label + ": element " + i + " is " + a + " on cpu but " + e + " on the reference device (tolerance "
                        + tol + ")");
            }
        }
    }

    /** Random shapes of rank 1 to 4 with dims 0 to 6 (and sometimes 140), and a random dim. */
    @TestFactory
    Stream<DynamicTest> logSoftmaxCpuAgainstReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int c = 0; c < 30; c++) {
                long seed = SEED + 17L * c + dtype.ordinal();
                Random r = new Random(seed);
                int[] shape = new int[1 + r.nextInt(4)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = r.nextInt(10) == 0 ? 140 : r.nextInt(7);
                }
                int dim = r.nextInt(shape.length);
                String label = "logSoftmax " + Arrays.toString(shape) + " dim " + dim + " " + dtype + " seed=" + seed;
                double[] x = r.doubles(numel(shape), -8, 8).toArray();
                tests.add(DynamicTest.dynamicTest(label, () -> checkLogSoftmax(dtype, shape, dim, x, label)));
            }
        }
        return tests.stream();
    }

    static void checkLogSoftmax(DType dtype, int[] shape, int dim, double[] x, String label) {
        Strided outCpu = compact(CPU, dtype, shape, new double[x.length]);
        Strided outRef = compact(REF, dtype, shape, new double[x.length]);
        CPU.logSoftmax(compact(CPU, dtype, shape, x), dim, outCpu);
        REF.logSoftmax(compact(REF, dtype, shape, x), dim, outRef);
        assertSame(label, CPU.toDoubles(outCpu), REF.toDoubles(outRef), dtype == DType.FLOAT32 ? 1e-6 : 1e-14);
    }

    @TestFactory
    Stream<DynamicTest> logSoftmaxSpecialValues() {
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {1, -inf, 2, 3, -inf, -inf, -inf, -inf, 1, inf, 2, -inf, 1, Double.NaN, 2, 3, 1e4, -1e4, 3e4, 2e4};
        return Arrays.stream(DType.values()).map(dtype -> DynamicTest.dynamicTest("logSoftmax [5, 4] dim 1 " + dtype
                + " infinities, NaN and huge values", () -> {
                    checkLogSoftmax(dtype, new int[] {5, 4}, 1, x, "logSoftmax special values " + dtype);
                    Strided out = compact(REF, dtype, new int[] {5, 4}, new double[20]);
                    REF.logSoftmax(compact(REF, dtype, new int[] {5, 4}, x), 1, out);
                    double[] y = REF.toDoubles(out);
                    // PyTorch 1.13: [.., -inf, ..]; a line of all -inf, or one holding +inf, is all NaN
                    assertThat(y[1]).isEqualTo(Double.NEGATIVE_INFINITY);
                    assertThat(Arrays.copyOfRange(y, 4, 8)).containsOnly(Double.NaN);
                    assertThat(Arrays.copyOfRange(y, 8, 12)).containsOnly(Double.NaN);
                    assertThat(Arrays.copyOfRange(y, 12, 16)).containsOnly(Double.NaN);
                    assertThat(y[18]).isEqualTo(-Math.log(1 + Math.exp(-1e4)), org.assertj.core.data.Offset.offset(
                            1e-12));
                }));
    }

    /** log softmax([1, 2, 3]) = [1, 2, 3] - log(e + e^2 + e^3) = [-2.4076, -1.4076, -0.4076]. */
    @Test
    void logSoftmaxKnownValues() {
        double lse = Math.log(Math.E + Math.exp(2) + Math.exp(3));
        for (Device device : List.of(CPU, REF)) {
            Strided out = compact(device, DType.FLOAT64, new int[] {3}, new double[3]);
            device.logSoftmax(compact(device, DType.FLOAT64, new int[] {3}, new double[] {1, 2, 3}), 0, out);
            assertThat(device.toDoubles(out)).as(device.name()).containsExactly(new double[] {1 - lse, 2 - lse,
                3 - lse}, org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @TestFactory
    Stream<DynamicTest> dropoutCpuAgainstReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int n : new int[] {0, 1, 127, 1000}) {
                for (double p : new double[] {0.0, 0.3, 0.9}) {
                    long seed = SEED + 13L * n + (long) (10 * p) + dtype.ordinal();
                    String label = "dropout n=" + n + " p=" + p + " " + dtype + " seed=" + seed;
                    tests.add(DynamicTest.dynamicTest(label, () -> {
                        Random r = new Random(seed);
                        double[] x = r.doubles(n, -3, 3).toArray();
                        double[] u = r.doubles(n).toArray();
                        int[] shape = {n};
                        double[][] results = new double[4][];
                        int k = 0;
                        for (Device device : List.of(CPU, REF)) {
                            Strided out = compact(device, dtype, shape, new double[n]);
                            Strided mask = compact(device, dtype, shape, new double[n]);
                            device.dropout(compact(device, dtype, shape, x), compact(device, dtype, shape, u), p, out,
                                    mask);
                            results[k++] = device.toDoubles(out);
                            results[k++] = device.toDoubles(mask);
                        }
                        assertThat(results[0]).as(label + ": output, cpu vs reference").containsExactly(results[2]);
                        assertThat(results[1]).as(label + ": mask, cpu vs reference").containsExactly(results[3]);
                        double scale = dtype == DType.FLOAT32 ? (float) (1 / (1 - p)) : 1 / (1 - p);
                        for (int i = 0; i < n; i++) {
                            double fu = dtype == DType.FLOAT32 ? (float) u[i] : u[i];
                            double fp = dtype == DType.FLOAT32 ? (float) p : p;
                            assertThat(results[1][i]).as(label + ": mask " + i).isEqualTo(fu >= fp ? scale : 0.0);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** The op: backward multiplies by the saved mask; a NaN input stays NaN where dropped (x * 0), as PyTorch. */
    @Test
    void dropoutOpBackwardIsGradTimesMask() {
        Tensor x = Tensor.of(1, -2, 3, Double.NaN).requiresGrad(true);
        Tensor u = Tensor.of(0.9, 0.1, 0.5, 0.2);
        Tensor y = new Dropout(0.25, u).apply(x);
        assertThat(y.toDoubleArray()).containsExactly(1 / 0.75, -0.0, 3 / 0.75, Double.NaN); // -2 * 0 = -0, as torch
        y.backward(Tensor.of(1, 1, 2, 1));
        assertThat(x.grad().toDoubleArray()).containsExactly(1 / 0.75, 0.0, 2 / 0.75, 0.0);
    }

    @Test
    void dropoutOpRefusesBadArgumentsBeforeRunning() {
        assertThatThrownBy(() -> new Dropout(1.0, Tensor.of(0.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Dropout: drop probability p must be in [0, 1), got p = 1.0");
        assertThatThrownBy(() -> new Dropout(0.5, null)).hasMessageStartingWith("Dropout: uniform is null");
        assertThatThrownBy(() -> new Dropout(0.5, Tensor.of(0.5, 0.5)).apply(Tensor.of(1, 2, 3)))
                .hasMessageStartingWith("Dropout: the uniform draws have shape [2] but the input has shape [3]");
    }

    @Test
    void logSoftmaxOpsTakeNegativeDimsAndRefuseBadShapesByName() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0, -1, 4}});
        assertThat(new LogSoftmax(-1).apply(x).toDoubleArray()).containsExactly(new LogSoftmax(1).apply(x)
                .toDoubleArray());
        Tensor y = new LogSoftmax(1).apply(x);
        assertThat(new LogSoftmaxBackward(-1).apply(Tensor.onesLike(y), y).toDoubleArray())
                .containsExactly(new LogSoftmaxBackward(1).apply(Tensor.onesLike(y), y).toDoubleArray());
        assertThatThrownBy(() -> new LogSoftmaxBackward(1).apply(Tensor.ones(3), y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("logSoftmaxBackward: grad has shape [3] but y has shape [2, 3]");
        assertThatThrownBy(() -> new LogSoftmaxBackward(0).apply(Tensor.scalar(1), Tensor.scalar(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("logSoftmaxBackward: the tensor is 0-d");
        assertThatThrownBy(() -> new LogSoftmax(2).apply(x)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageStartingWith("logSoftmax: dim 2 is out of range for a tensor of rank 2");
    }

    /** The fused op gives bit for bit what the composed x * (u >= p) * (1/(1 - p)) gave before it, on every device. */
    @TestFactory
    Stream<DynamicTest> dropoutOpEqualsTheComposedFormulaBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : List.of(CPU, REF)) {
            for (DType dtype : DType.values()) {
                long seed = SEED + 77 + dtype.ordinal();
                String label = "dropout p=0.2 [40, 30] " + dtype + " on " + device.name() + " seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Tensor x = Tensor.on(device, dtype).randn(new Random(seed), 40, 30);
                    Tensor u = Tensor.on(device, dtype).rand(new Random(seed + 1), 40, 30);
                    double[] fused = new Dropout(0.2, u).apply(x).toDoubleArray();
                    double[] composed = x.mul(u.ge(0.2)).mul(1.0 / (1.0 - 0.2)).toDoubleArray();
                    assertThat(fused).as(label).containsExactly(composed);
                }));
            }
        }
        return tests.stream();
    }

    /** logSoftmaxBackward: cpu against reference at random shapes and dims, and g - exp(y) * sum(g) by hand. */
    @TestFactory
    Stream<DynamicTest> logSoftmaxBackwardCpuAgainstReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int c = 0; c < 20; c++) {
                long seed = SEED + 29L * c + dtype.ordinal();
                Random r = new Random(seed);
                int[] shape = new int[1 + r.nextInt(3)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = r.nextInt(10) == 0 ? 140 : r.nextInt(6);
                }
                int dim = r.nextInt(shape.length);
                String label = "logSoftmaxBackward " + Arrays.toString(shape) + " dim " + dim + " " + dtype + " seed="
                        + seed;
                double[] g = r.doubles(numel(shape), -2, 2).toArray();
                double[] y = r.doubles(numel(shape), -5, 0).toArray();
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Strided outCpu = compact(CPU, dtype, shape, new double[g.length]);
                    Strided outRef = compact(REF, dtype, shape, new double[g.length]);
                    CPU.logSoftmaxBackward(compact(CPU, dtype, shape, g), compact(CPU, dtype, shape, y), dim, outCpu);
                    REF.logSoftmaxBackward(compact(REF, dtype, shape, g), compact(REF, dtype, shape, y), dim, outRef);
                    assertSame(label, CPU.toDoubles(outCpu), REF.toDoubles(outRef),
                            dtype == DType.FLOAT32 ? 1e-6 : 1e-14);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void logSoftmaxBackwardKnownValues() {
        // g = [1, 2, 3], y = log([0.2, 0.3, 0.5]): g - softmax * 6 = [1 - 1.2, 2 - 1.8, 3 - 3.0]
        double[] y = {Math.log(0.2), Math.log(0.3), Math.log(0.5)};
        for (Device device : List.of(CPU, REF)) {
            Strided out = compact(device, DType.FLOAT64, new int[] {3}, new double[3]);
            device.logSoftmaxBackward(compact(device, DType.FLOAT64, new int[] {3}, new double[] {1, 2, 3}),
                    compact(device, DType.FLOAT64, new int[] {3}, y), 0, out);
            assertThat(device.toDoubles(out)).as(device.name()).containsExactly(new double[] {-0.2, 0.2, 0.0},
                    org.assertj.core.data.Offset.offset(1e-14));
        }
    }
}
