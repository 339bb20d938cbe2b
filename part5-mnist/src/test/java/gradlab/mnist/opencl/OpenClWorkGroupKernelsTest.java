package gradlab.mnist.opencl;

import static gradlab.mnist.opencl.OpenClTesting.assertClose;
import static gradlab.mnist.opencl.OpenClTesting.assertRanOnOpenCl;
import static gradlab.mnist.opencl.OpenClTesting.compact;
import static gradlab.mnist.opencl.OpenClTesting.launches;
import static gradlab.mnist.opencl.OpenClTesting.numel;
import static gradlab.mnist.opencl.OpenClTesting.tolerance;
import static gradlab.mnist.opencl.OpenClTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.aparapi.Kernel;
import gradlab.mnist.opencl.OpenClTesting.Pair;
import gradlab.nn.functional.InvertedDropout;
import gradlab.nn.functional.Losses;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.ReferenceDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The work-group kernels (the tree reduction, log-softmax) and the dropout kernel against part 2's
 * {@link ReferenceDevice}: seeded random inputs, float32 and float64, extents that are and are not multiples of the
 * group size, size 1 and empty, special values, and non-contiguous tensors through the bridge. Every case asserts that
 * its kernel ran on the OpenCL device. Names say "kernel shape dim dtype seed".
 */
class OpenClWorkGroupKernelsTest {
    static final ReferenceDevice REF = ReferenceDevice.INSTANCE;
    static final long SEED = 20261202L;
    static OpenClDevice cl;

    @BeforeAll
    static void openDevice() {
        cl = OpenClTesting.device();
    }

    static List<DType> dtypes() {
        return cl.supports(DType.FLOAT64) ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
    }

    static Class<? extends Kernel> kernel(DType dtype, Class<? extends Kernel> f32, Class<? extends Kernel> f64) {
        return dtype == DType.FLOAT32 ? f32 : f64;
    }

    static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------- tree reduction

    /**
     * Input shape and keepdim output shape. The device picks the tree from {@link OpenClDevice#TREE_REDUCE_MIN}
     * inputs per output; these cases run the tree kernel at every extent (forced), so short, empty and
     * non-multiple-of-128 lines are covered too.
     */
    static final int[][][] TREE_REDUCTIONS = {
        {{1}, {1}},
        {{5, 3}, {1, 3}},
        {{0, 3}, {1, 3}},
        {{128}, {1}},
        {{129}, {1}},
        {{1000}, {1}},
        {{60000, 10}, {1, 10}},
        {{60000, 10}, {1, 1}},
        {{7, 255}, {7, 1}},
        {{2, 200, 3}, {1, 1, 3}},
        {{5, 130, 4}, {5, 1, 4}},
    };

    @TestFactory
    Stream<DynamicTest> treeReduce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dtype : dtypes()) {
                for (int[][] c : TREE_REDUCTIONS) {
                    long seed = SEED + 43L * op.ordinal() + numel(c[0]) + c[1].length;
                    String label = "tree reduce " + op + " " + Arrays.toString(c[0]) + " to " + Arrays.toString(c[1])
                            + " " + dtype + " seed=" + seed;
                    tests.add(DynamicTest.dynamicTest(label, () -> checkTreeReduce(op, dtype, c[0], c[1], seed,
                            label)));
                }
            }
        }
        return tests.stream();
    }

    static void checkTreeReduce(ReduceOp op, DType dtype, int[] inShape, int[] outShape, long seed, String label) {
        double[] x = uniform(new Random(seed), numel(inShape), -1, 1);
        Pair in = compact(cl, dtype, inShape, x);
        Pair out = zeros(cl, dtype, outShape);
        Class<? extends Kernel> k = kernel(dtype, ReduceTreeFloatKernel.class, ReduceTreeDoubleKernel.class);
        long before = launches(cl, k);
        cl.reduce(op, in.cl(), out.cl(), Boolean.TRUE);
        REF.reduce(op, in.ref(), out.ref());
        double[] actual = cl.toDoubles(out.cl());
        double[] expected = REF.toDoubles(out.ref());
        if (op == ReduceOp.SUM) {
            // a tree adds in another order than the reference's loop: compare within rounding of the sum of |x|
            Pair absIn = compact(cl, dtype, inShape, Arrays.stream(x).map(Math::abs).toArray());
            Pair absOut = zeros(cl, dtype, outShape);
            REF.reduce(ReduceOp.SUM, absIn.ref(), absOut.ref());
            double[] scale = REF.toDoubles(absOut.ref());
            double eps = dtype == DType.FLOAT32 ? 1e-5 : 1e-13;
            for (int i = 0; i < actual.length; i++) {
                if (!(Math.abs(actual[i] - expected[i]) <= eps * Math.max(1.0, scale[i]))) {
                    fail(label + ": output " + i + " is " + actual[i] + " on OpenCL but " + expected[i]
                            + " on the reference device (allowed " + eps + " * sum|x| = " + eps * scale[i] + ")");
                }
            }
        } else {
            assertClose(label, actual, expected, 0.0); // max and min pick an element: exact
        }
        assertRanOnOpenCl(cl, k, before);
    }

    /** The device's own choice: the tree from TREE_REDUCE_MIN inputs per output, one item per output below. */
    @TestFactory
    Stream<DynamicTest> reduceChoosesTheTreeForLongExtents() {
        int[][][] cases = {{{60000, 10}, {1, 10}}, {{1024, 2}, {1, 2}}, {{1023, 2}, {1, 2}}, {{128, 100}, {1, 100}}};
        List<DynamicTest> tests = new ArrayList<>();
        for (int[][] c : cases) {
            boolean tree = numel(c[0]) / numel(c[1]) >= OpenClDevice.TREE_REDUCE_MIN;
            String label = "reduce SUM " + Arrays.toString(c[0]) + " to " + Arrays.toString(c[1]) + " FLOAT32 runs "
                    + (tree ? "the tree" : "one item per output") + " seed=" + SEED;
            tests.add(DynamicTest.dynamicTest(label, () -> {
                double[] x = uniform(new Random(SEED), numel(c[0]), -1, 1);
                Pair in = compact(cl, DType.FLOAT32, c[0], x);
                Pair out = zeros(cl, DType.FLOAT32, c[1]);
                Class<? extends Kernel> k = tree ? ReduceTreeFloatKernel.class : ReduceFloatKernel.class;
                Class<? extends Kernel> other = tree ? ReduceFloatKernel.class : ReduceTreeFloatKernel.class;
                long before = launches(cl, k);
                long otherBefore = launches(cl, other);
                cl.reduce(ReduceOp.SUM, in.cl(), out.cl());
                REF.reduce(ReduceOp.SUM, in.ref(), out.ref());
                assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), 1e-4);
                assertRanOnOpenCl(cl, k, before);
                if (launches(cl, other) != otherBefore) {
                    fail(label + ": " + other.getSimpleName() + " ran as well");
                }
            }));
        }
        return tests.stream();
    }

    /** NaN anywhere in a line wins max, min and sum; infinities as the reference has them. */
    @TestFactory
    Stream<DynamicTest> treeReduceSpecialValues() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dtype : dtypes()) {
                String label = "tree reduce " + op + " [4, 300] to [4, 1] " + dtype + " NaN and infinities";
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    double[] x = uniform(new Random(SEED), 4 * 300, -1, 1);
                    x[299] = Double.NaN;                  // line 0: NaN as the very last element
                    x[300 + 5] = Double.POSITIVE_INFINITY; // line 1: +inf and -inf
                    x[300 + 260] = Double.NEGATIVE_INFINITY;
                    Arrays.fill(x, 600, 900, Double.NEGATIVE_INFINITY); // line 2: all -inf
                    x[900 + 128] = Double.NaN;            // line 3: NaN in the second stride of item 0
                    Pair in = compact(cl, dtype, new int[] {4, 300}, x);
                    Pair out = zeros(cl, dtype, new int[] {4, 1});
                    Class<? extends Kernel> k = kernel(dtype, ReduceTreeFloatKernel.class,
                            ReduceTreeDoubleKernel.class);
                    long before = launches(cl, k);
                    cl.reduce(op, in.cl(), out.cl(), Boolean.TRUE);
                    REF.reduce(op, in.ref(), out.ref());
                    assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), 0.0);
                    assertRanOnOpenCl(cl, k, before);
                }));
            }
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------------------------------- log-softmax

    /** {shape..., dim}: lines of length 1, 10 (MNIST), off and over the 128-item group, leading and middle dims. */
    static final int[][] LOG_SOFTMAX = {
        {1, 0},
        {1, 1, 1},
        {128, 10, 1},
        {5, 1, 1},
        {3, 129, 1},
        {2, 300, 1},
        {4, 5, 0},
        {2, 17, 3, 1},
        {6, 7, 8, 2},
        {1000, 0},
        {0, 10, 1},
        {10, 0, 1},
    };

    @TestFactory
    Stream<DynamicTest> logSoftmax() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (int[] c : LOG_SOFTMAX) {
                int[] shape = Arrays.copyOf(c, c.length - 1);
                int dim = c[c.length - 1];
                long seed = SEED + 7L * numel(shape) + dim;
                String label = "logSoftmax " + Arrays.toString(shape) + " dim " + dim + " " + dtype + " seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    double[] x = uniform(new Random(seed), numel(shape), -6, 6);
                    runLogSoftmax(dtype, shape, dim, x, label);
                }));
            }
        }
        return tests.stream();
    }

    static void runLogSoftmax(DType dtype, int[] shape, int dim, double[] x, String label) {
        Pair in = compact(cl, dtype, shape, x);
        Pair out = zeros(cl, dtype, shape);
        Class<? extends Kernel> k = kernel(dtype, LogSoftmaxFloatKernel.class, LogSoftmaxDoubleKernel.class);
        long before = launches(cl, k);
        cl.logSoftmax(in.cl(), dim, out.cl());
        REF.logSoftmax(in.ref(), dim, out.ref());
        assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), tolerance(dtype));
        if (numel(shape) > 0) {
            assertRanOnOpenCl(cl, k, before);
        }
    }

    /** Lines with -inf, all -inf, +inf, NaN and huge values: the same NaN, -inf and finite results as the reference. */
    @TestFactory
    Stream<DynamicTest> logSoftmaxSpecialValues() {
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {
            1, Double.NEGATIVE_INFINITY, 2, 3,
            -inf, -inf, -inf, -inf,
            1, inf, 2, -inf,
            1, Double.NaN, 2, 3,
            1e4, -1e4, 3e4, 2e4,
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            String label = "logSoftmax [5, 4] dim 1 " + dtype + " infinities, NaN and huge values";
            tests.add(DynamicTest.dynamicTest(label, () -> runLogSoftmax(dtype, new int[] {5, 4}, 1, x, label)));
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------------------------------- dropout

    static final int[] DROPOUT_SIZES = {0, 1, 127, 128, 129, 1000};

    @TestFactory
    Stream<DynamicTest> dropout() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (double p : new double[] {0.0, 0.2, 0.5}) {
                for (int n : DROPOUT_SIZES) {
                    long seed = SEED + 11L * n + (long) (p * 10);
                    String label = "dropout n=" + n + " p=" + p + " " + dtype + " seed=" + seed;
                    tests.add(DynamicTest.dynamicTest(label, () -> checkDropout(dtype, n, p, seed, label)));
                }
            }
        }
        return tests.stream();
    }

    /** One multiplication per element: out and mask must equal the reference's bit for bit. */
    static void checkDropout(DType dtype, int n, double p, long seed, String label) {
        Random r = new Random(seed);
        int[] shape = {n};
        Pair in = compact(cl, dtype, shape, uniform(r, n, -3, 3));
        Pair u = compact(cl, dtype, shape, uniform(r, n, 0, 1));
        Pair out = zeros(cl, dtype, shape);
        Pair mask = zeros(cl, dtype, shape);
        Class<? extends Kernel> k = kernel(dtype, DropoutFloatKernel.class, DropoutDoubleKernel.class);
        long before = launches(cl, k);
        cl.dropout(in.cl(), u.cl(), p, out.cl(), mask.cl());
        REF.dropout(in.ref(), u.ref(), p, out.ref(), mask.ref());
        assertClose(label + " (mask)", cl.toDoubles(mask.cl()), REF.toDoubles(mask.ref()), 0.0);
        assertClose(label + " (output)", cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), 0.0);
        double scale = dtype == DType.FLOAT32 ? (float) (1 / (1 - p)) : 1 / (1 - p);
        for (double m : cl.toDoubles(mask.cl())) {
            if (m != 0 && m != scale) {
                fail(label + ": a mask element is " + m + "; expected 0 or 1/(1 - p) = " + scale);
            }
        }
        if (n > 0) {
            assertRanOnOpenCl(cl, k, before);
        }
    }

    // ---------------------------------------------------------------------------------------- through the bridge

    /** A [rows, cols] tensor's transpose (a non-contiguous view), holding the same seeded values on every device. */
    static Tensor transposed(Device device, DType dtype, int rows, int cols, long seed) {
        double[] v = uniform(new Random(seed), rows * cols, -4, 4);
        return Tensor.on(device, dtype).of(new int[] {rows, cols}, v).transpose(0, 1);
    }

    /** sum/max over 300 inputs and logSoftmax of transposed views, through Tensor's API, against the reference. */
    @TestFactory
    Stream<DynamicTest> nonContiguousThroughTheBridge() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            long seed = SEED + 99;
            tests.add(DynamicTest.dynamicTest("tree reduce sum/max of a transposed [2000, 3] dim 1 " + dtype
                    + " seed=" + seed, () -> {
                        Class<? extends Kernel> k = kernel(dtype, ReduceTreeFloatKernel.class,
                                ReduceTreeDoubleKernel.class);
                        long before = launches(cl, k);
                        Tensor a = transposed(cl, dtype, 2000, 3, seed);
                        Tensor b = transposed(REF, dtype, 2000, 3, seed);
                        assertClose("sum of a transposed view " + dtype, a.sum(1, false).toDoubleArray(),
                                b.sum(1, false).toDoubleArray(), dtype == DType.FLOAT32 ? 1e-4 : 1e-12);
                        assertClose("max of a transposed view " + dtype, a.max(1, false).toDoubleArray(),
                                b.max(1, false).toDoubleArray(), 0.0);
                        assertRanOnOpenCl(cl, k, before);
                    }));
            tests.add(DynamicTest.dynamicTest("logSoftmax of a transposed [10, 128] dim 1 " + dtype + " seed=" + seed,
                    () -> {
                        Class<? extends Kernel> k = kernel(dtype, LogSoftmaxFloatKernel.class,
                                LogSoftmaxDoubleKernel.class);
                        long before = launches(cl, k);
                        Tensor a = transposed(cl, dtype, 10, 128, seed);
                        Tensor b = transposed(REF, dtype, 10, 128, seed);
                        assertClose("logSoftmax of a transposed view " + dtype, a.logSoftmax(1).toDoubleArray(),
                                b.logSoftmax(1).toDoubleArray(), tolerance(dtype));
                        assertRanOnOpenCl(cl, k, before);
                    }));
            tests.add(DynamicTest.dynamicTest("dropout p=0.2 of a transposed [50, 30] " + dtype + " seed=" + seed
                    + ": the same mask on opencl, cpu and reference", () -> {
                        Class<? extends Kernel> k = kernel(dtype, DropoutFloatKernel.class, DropoutDoubleKernel.class);
                        long before = launches(cl, k);
                        double[] onCl = InvertedDropout.dropout(transposed(cl, dtype, 50, 30, seed), 0.2, true,
                                new Random(seed)).toDoubleArray();
                        double[] onCpu = InvertedDropout.dropout(transposed(CpuDevice.INSTANCE, dtype, 50, 30, seed),
                                0.2, true, new Random(seed)).toDoubleArray();
                        double[] onRef = InvertedDropout.dropout(transposed(REF, dtype, 50, 30, seed), 0.2, true,
                                new Random(seed)).toDoubleArray();
                        assertArrayEquals(onRef, onCl, "dropout " + dtype + ": opencl differs from the reference");
                        assertArrayEquals(onRef, onCpu, "dropout " + dtype + ": cpu differs from the reference");
                        assertRanOnOpenCl(cl, k, before);
                    }));
        }
        return tests.stream();
    }

    /** part 3's cross-entropy goes through the log-softmax kernel: loss and gradient as on the reference device. */
    @TestFactory
    Stream<DynamicTest> crossEntropyUsesTheLogSoftmaxKernel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            long seed = SEED + 5;
            tests.add(DynamicTest.dynamicTest("crossEntropy [128, 10] " + dtype + " seed=" + seed, () -> {
                Random r = new Random(seed);
                double[] logits = uniform(r, 1280, -5, 5);
                double[] labels = new double[128];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = r.nextInt(10);
                }
                Class<? extends Kernel> k = kernel(dtype, LogSoftmaxFloatKernel.class, LogSoftmaxDoubleKernel.class);
                long before = launches(cl, k);
                double[][] lossAndGrad = new double[4][];
                int at = 0;
                for (Device device : List.of(cl, REF)) {
                    Tensor x = Tensor.on(device, dtype).of(new int[] {128, 10}, logits).requiresGrad(true);
                    Tensor loss = Losses.crossEntropy(x, Tensor.on(device, dtype).of(new int[] {128}, labels));
                    loss.backward();
                    lossAndGrad[at++] = loss.toDoubleArray();
                    lossAndGrad[at++] = x.grad().toDoubleArray();
                }
                assertClose("crossEntropy loss " + dtype, lossAndGrad[0], lossAndGrad[2], tolerance(dtype));
                assertClose("crossEntropy gradient " + dtype, lossAndGrad[1], lossAndGrad[3], tolerance(dtype));
                assertRanOnOpenCl(cl, k, before);
            }));
        }
        return tests.stream();
    }

    /** log-softmax's gradient kernel against the reference, at the log-softmax cases' shapes and dims. */
    @TestFactory
    Stream<DynamicTest> logSoftmaxBackward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (int[] c : LOG_SOFTMAX) {
                int[] shape = Arrays.copyOf(c, c.length - 1);
                int dim = c[c.length - 1];
                long seed = SEED + 13L * numel(shape) + dim;
                String label = "logSoftmaxBackward " + Arrays.toString(shape) + " dim " + dim + " " + dtype + " seed="
                        + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Random r = new Random(seed);
                    Pair g = compact(cl, dtype, shape, uniform(r, numel(shape), -2, 2));
                    Pair y = compact(cl, dtype, shape, uniform(r, numel(shape), -6, 0));
                    Pair out = zeros(cl, dtype, shape);
                    Class<? extends Kernel> k = kernel(dtype, LogSoftmaxBackwardFloatKernel.class,
                            LogSoftmaxBackwardDoubleKernel.class);
                    long before = launches(cl, k);
                    cl.logSoftmaxBackward(g.cl(), y.cl(), dim, out.cl());
                    REF.logSoftmaxBackward(g.ref(), y.ref(), dim, out.ref());
                    // float32: a sum of up to 1000 gradients, in tree order on OpenCL
                    assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()),
                            dtype == DType.FLOAT32 ? 1e-4 : 1e-12);
                    if (numel(shape) > 0) {
                        assertRanOnOpenCl(cl, k, before);
                    }
                }));
            }
        }
        return tests.stream();
    }
}
