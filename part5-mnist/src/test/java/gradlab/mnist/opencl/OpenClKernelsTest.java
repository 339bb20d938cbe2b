package gradlab.mnist.opencl;

import static gradlab.mnist.opencl.OpenClTesting.assertClose;
import static gradlab.mnist.opencl.OpenClTesting.assertRanOnOpenCl;
import static gradlab.mnist.opencl.OpenClTesting.compact;
import static gradlab.mnist.opencl.OpenClTesting.launches;
import static gradlab.mnist.opencl.OpenClTesting.numel;
import static gradlab.mnist.opencl.OpenClTesting.tolerance;
import static gradlab.mnist.opencl.OpenClTesting.zeros;

import com.aparapi.Kernel;
import gradlab.mnist.opencl.OpenClTesting.Pair;
import gradlab.tensor.DType;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.ReferenceDevice;
import gradlab.tensor.device.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every compute kernel of the OpenCL device against part 2's {@link ReferenceDevice}, on seeded random inputs, in
 * float32 and float64, at sizes that are and are not multiples of the work-group size, and empty. Each case asserts
 * that the kernel ran on the OpenCL device. A case is named "kernel OP dtype size seed" and replays by itself.
 */
class OpenClKernelsTest {
    static final ReferenceDevice REF = ReferenceDevice.INSTANCE;
    static final int[] SIZES = {0, 1, 127, 128, 129, 1000};
    static final long SEED = 20261201L;
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

    /** n values from [lo, hi), seeded. */
    static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------- unary

    @TestFactory
    Stream<DynamicTest> unary() {
        List<DynamicTest> tests = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dtype : dtypes()) {
                for (int n : SIZES) {
                    long seed = SEED + 31L * op.ordinal() + n;
                    tests.add(DynamicTest.dynamicTest("unary " + op + " " + dtype + " n=" + n + " seed=" + seed,
                            () -> checkUnary(op, dtype, n, seed)));
                }
            }
        }
        return tests.stream();
    }

    /** The op's parameter, and a domain where the reference and OpenCL are both well defined. */
    static double param(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> 0.01;
            case CLAMP_MIN -> -0.5;
            case CLAMP_MAX -> 0.75;
            case POW_SCALAR -> 1.7;
            case ADD_SCALAR -> 2.5;
            case MUL_SCALAR -> -1.25;
            default -> 0.0;
        };
    }

    static void checkUnary(UnaryOp op, DType dtype, int n, long seed) {
        Random r = new Random(seed);
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR;
        double[] x = positive ? uniform(r, n, 0.05, 4) : uniform(r, n, -4, 4);
        runUnary(op, dtype, x, "unary " + op + " " + dtype + " n=" + n + " seed=" + seed);
    }

    static void runUnary(UnaryOp op, DType dtype, double[] x, String label) {
        int[] shape = {x.length};
        Pair in = compact(cl, dtype, shape, x);
        Pair out = zeros(cl, dtype, shape);
        Class<? extends Kernel> k = kernel(dtype, UnaryFloatKernel.class, UnaryDoubleKernel.class);
        long before = launches(cl, k);
        cl.unary(op, param(op), in.cl(), out.cl());
        REF.unary(op, param(op), in.ref(), out.ref());
        assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), tolerance(dtype));
        if (x.length > 0) {
            assertRanOnOpenCl(cl, k, before);
        }
    }

    /** NaN, infinities, signed zeros and large values through every unary op, as Java's Math treats them. */
    @TestFactory
    Stream<DynamicTest> unarySpecialValues() {
        double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-30, -1e-30, 50,
            -50, 100, -100, 3.5, -3.5, 7, -7, 1};
        List<DynamicTest> tests = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dtype : dtypes()) {
                tests.add(DynamicTest.dynamicTest("unary " + op + " " + dtype + " special values",
                        () -> runUnary(op, dtype, x, "unary " + op + " " + dtype + " special values "
                                + Arrays.toString(x))));
            }
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------------------------------- binary, where

    @TestFactory
    Stream<DynamicTest> binary() {
        List<DynamicTest> tests = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dtype : dtypes()) {
                for (int n : SIZES) {
                    long seed = SEED + 37L * op.ordinal() + n;
                    tests.add(DynamicTest.dynamicTest("binary " + op + " " + dtype + " n=" + n + " seed=" + seed,
                            () -> checkBinary(op, dtype, n, seed)));
                }
            }
        }
        return tests.stream();
    }

    static void checkBinary(BinaryOp op, DType dtype, int n, long seed) {
        Random r = new Random(seed);
        double[] a = op == BinaryOp.POW ? uniform(r, n, 0.05, 3) : uniform(r, n, -3, 3);
        double[] b = uniform(r, n, -3, 3);
        for (int i = 0; i < n; i += 3) {
            b[i] = a[i]; // ties, so EQ, GE and LE see equal operands
        }
        int[] shape = {n};
        Pair pa = compact(cl, dtype, shape, a);
        Pair pb = compact(cl, dtype, shape, b);
        Pair out = zeros(cl, dtype, shape);
        Class<? extends Kernel> k = kernel(dtype, BinaryFloatKernel.class, BinaryDoubleKernel.class);
        long before = launches(cl, k);
        cl.binary(op, pa.cl(), pb.cl(), out.cl());
        REF.binary(op, pa.ref(), pb.ref(), out.ref());
        assertClose("binary " + op + " " + dtype + " n=" + n + " seed=" + seed, cl.toDoubles(out.cl()),
                REF.toDoubles(out.ref()), tolerance(dtype));
        if (n > 0) {
            assertRanOnOpenCl(cl, k, before);
        }
    }

    @TestFactory
    Stream<DynamicTest> where() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (int n : SIZES) {
                long seed = SEED + 41L * n;
                tests.add(DynamicTest.dynamicTest("where " + dtype + " n=" + n + " seed=" + seed, () -> {
                    Random r = new Random(seed);
                    double[] cond = new double[n];
                    for (int i = 0; i < n; i++) {
                        cond[i] = r.nextBoolean() ? 1 : 0;
                    }
                    int[] shape = {n};
                    Pair c = compact(cl, dtype, shape, cond);
                    Pair a = compact(cl, dtype, shape, uniform(r, n, -1, 1));
                    Pair b = compact(cl, dtype, shape, uniform(r, n, -1, 1));
                    Pair out = zeros(cl, dtype, shape);
                    Class<? extends Kernel> k = kernel(dtype, WhereFloatKernel.class, WhereDoubleKernel.class);
                    long before = launches(cl, k);
                    cl.where(c.cl(), a.cl(), b.cl(), out.cl());
                    REF.where(c.ref(), a.ref(), b.ref(), out.ref());
                    assertClose("where " + dtype + " n=" + n, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), 0);
                    if (n > 0) {
                        assertRanOnOpenCl(cl, k, before);
                    }
                }));
            }
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------------------------------- reduce

    /** Input shape and output (keepdim) shape: the dims where out is 1 are reduced. */
    static final int[][][] REDUCTIONS = {
        {{}, {}},
        {{0}, {1}},
        {{1000}, {1}},
        {{129}, {129}},
        {{7, 130}, {1, 130}},
        {{7, 130}, {7, 1}},
        {{128, 100}, {1, 100}},
        {{3, 4, 5}, {1, 4, 1}},
        {{3, 4, 5}, {3, 1, 5}},
        {{3, 4, 5}, {1, 1, 1}},
        {{2, 0, 3}, {2, 1, 3}},
        {{2, 0, 3}, {1, 0, 1}},
    };

    @TestFactory
    Stream<DynamicTest> reduce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dtype : dtypes()) {
                for (int[][] c : REDUCTIONS) {
                    long seed = SEED + 43L * op.ordinal() + numel(c[0]);
                    String label = "reduce " + op + " " + dtype + " " + Arrays.toString(c[0]) + " to "
                            + Arrays.toString(c[1]) + " seed=" + seed;
                    tests.add(DynamicTest.dynamicTest(label, () -> checkReduce(op, dtype, c[0], c[1], seed, label)));
                }
            }
        }
        return tests.stream();
    }

    static void checkReduce(ReduceOp op, DType dtype, int[] inShape, int[] outShape, long seed, String label) {
        Random r = new Random(seed);
        Pair in = compact(cl, dtype, inShape, uniform(r, numel(inShape), -2, 2));
        Pair out = zeros(cl, dtype, outShape);
        // long extents run as a work-group tree (OpenClWorkGroupKernelsTest has its own cases)
        Class<? extends Kernel> k = numel(outShape) > 0 && numel(inShape) / numel(outShape)
                >= OpenClDevice.TREE_REDUCE_MIN
                ? kernel(dtype, ReduceTreeFloatKernel.class, ReduceTreeDoubleKernel.class)
                : kernel(dtype, ReduceFloatKernel.class, ReduceDoubleKernel.class);
        long before = launches(cl, k);
        cl.reduce(op, in.cl(), out.cl());
        REF.reduce(op, in.ref(), out.ref());
        // a float32 sum of up to 1000 terms rounds at every step on OpenCL and once on the reference
        double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-12;
        assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), tol);
        if (numel(outShape) > 0) {
            assertRanOnOpenCl(cl, k, before);
        }
    }

    @TestFactory
    Stream<DynamicTest> reduceNaN() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dtype : dtypes()) {
                tests.add(DynamicTest.dynamicTest("reduce " + op + " " + dtype + " with NaN", () -> {
                    double[] x = {1, Double.NaN, -3, 2, 5, -1, 4, Double.POSITIVE_INFINITY};
                    Pair in = compact(cl, dtype, new int[] {2, 4}, x);
                    Pair out = zeros(cl, dtype, new int[] {2, 1});
                    cl.reduce(op, in.cl(), out.cl());
                    REF.reduce(op, in.ref(), out.ref());
                    assertClose("reduce " + op + " " + dtype + " with NaN", cl.toDoubles(out.cl()),
                            REF.toDoubles(out.ref()), tolerance(dtype));
                }));
            }
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------------------------------- matmul

    /** {batch dims..., n, k, m}: includes sizes off the 16 x 16 tile, empty dims, and the MLP's forward and backward. */
    static final int[][] MATMULS = {
        {1, 1, 1},
        {16, 16, 16},
        {17, 33, 5},
        {31, 1, 47},
        {3, 0, 4},
        {0, 5, 3},
        {4, 5, 0},
        {2, 3, 5, 7, 9},
        {0, 5, 7, 9},
        {128, 784, 100},
        {784, 128, 100},
        {128, 100, 784},
        {128, 100, 50},
    };

    @TestFactory
    Stream<DynamicTest> matmul() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (int[] c : MATMULS) {
                long seed = SEED + Arrays.hashCode(c);
                String label = "matmul " + dtype + " " + shapes(c) + " seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> checkMatmul(dtype, c, seed, label)));
            }
        }
        return tests.stream();
    }

    static String shapes(int[] c) {
        int r = c.length;
        int[] batch = Arrays.copyOf(c, r - 3);
        return "batch " + Arrays.toString(batch) + " n=" + c[r - 3] + " k=" + c[r - 2] + " m=" + c[r - 1];
    }

    static int[] concat(int[] batch, int x, int y) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    static void checkMatmul(DType dtype, int[] c, long seed, String label) {
        int r = c.length;
        int[] batch = Arrays.copyOf(c, r - 3);
        int n = c[r - 3];
        int k = c[r - 2];
        int m = c[r - 1];
        Random random = new Random(seed);
        int[] aShape = concat(batch, n, k);
        int[] bShape = concat(batch, k, m);
        Pair a = compact(cl, dtype, aShape, uniform(random, numel(aShape), -1, 1));
        Pair b = compact(cl, dtype, bShape, uniform(random, numel(bShape), -1, 1));
        Pair out = compact(cl, dtype, concat(batch, n, m), uniform(random, numel(concat(batch, n, m)), 5, 6));
        Class<? extends Kernel> kernel = kernel(dtype, MatmulFloatKernel.class, MatmulDoubleKernel.class);
        long before = launches(cl, kernel);
        cl.matmul(a.cl(), b.cl(), out.cl());
        REF.matmul(a.ref(), b.ref(), out.ref());
        // each element is a sum of k products of values in [-1, 1]: error grows with k
        double tol = (dtype == DType.FLOAT32 ? 2e-6 : 1e-14) * Math.max(1, k);
        assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), tol);
        if (numel(concat(batch, n, m)) > 0) {
            assertRanOnOpenCl(cl, kernel, before);
        }
    }

    // ---------------------------------------------------------------------------------------- gather family

    /** {in shape}, dim, {index shape}: index values drawn from [-size, size). */
    static final Object[][] GATHERS = {
        {new int[] {4, 5}, 0, new int[] {3, 5}},
        {new int[] {4, 5}, 1, new int[] {4, 2}},
        {new int[] {128, 10}, 1, new int[] {128, 1}},
        {new int[] {3, 4, 5}, 2, new int[] {3, 4, 7}},
        {new int[] {300}, 0, new int[] {129}},
        {new int[] {4, 5}, 0, new int[] {0, 5}},
    };

    @TestFactory
    Stream<DynamicTest> gather() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (Object[] c : GATHERS) {
                int[] inShape = (int[]) c[0];
                int dim = (Integer) c[1];
                int[] indexShape = (int[]) c[2];
                long seed = SEED + Arrays.hashCode(inShape) + dim;
                String label = "gather " + dtype + " in " + Arrays.toString(inShape) + " dim " + dim + " index "
                        + Arrays.toString(indexShape) + " seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Random r = new Random(seed);
                    Pair in = compact(cl, dtype, inShape, uniform(r, numel(inShape), -1, 1));
                    Pair index = compact(cl, dtype, indexShape, indices(r, numel(indexShape), inShape[dim]));
                    Pair out = zeros(cl, dtype, indexShape);
                    Class<? extends Kernel> k = kernel(dtype, GatherFloatKernel.class, GatherDoubleKernel.class);
                    long before = launches(cl, k);
                    cl.gather(in.cl(), dim, index.cl(), out.cl());
                    REF.gather(in.ref(), dim, index.ref(), out.ref());
                    assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), 0);
                    if (numel(indexShape) > 0) {
                        assertRanOnOpenCl(cl, k, before);
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** n whole numbers in [-size, size) (negative ones count from the end). */
    static double[] indices(Random r, int n, int size) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(2 * size) - size;
        }
        return v;
    }

    @TestFactory
    Stream<DynamicTest> indexSelect() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] ins = {{4, 5, 3}, {4, 5, 3}, {1000}, {6, 2}};
        int[] dims = {1, 0, 0, 1};
        int[] lengths = {7, 2, 129, 0};
        for (DType dtype : dtypes()) {
            for (int c = 0; c < ins.length; c++) {
                int[] inShape = ins[c];
                int dim = dims[c];
                int length = lengths[c];
                long seed = SEED + 53L * c;
                String label = "indexSelect " + dtype + " in " + Arrays.toString(inShape) + " dim " + dim
                        + " index length " + length + " seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Random r = new Random(seed);
                    Pair in = compact(cl, dtype, inShape, uniform(r, numel(inShape), -1, 1));
                    Pair index = compact(cl, dtype, new int[] {length}, indices(r, length, inShape[dim]));
                    int[] outShape = inShape.clone();
                    outShape[dim] = length;
                    Pair out = zeros(cl, dtype, outShape);
                    Class<? extends Kernel> k = kernel(dtype, GatherFloatKernel.class, GatherDoubleKernel.class);
                    long before = launches(cl, k);
                    cl.indexSelect(in.cl(), dim, index.cl(), out.cl());
                    REF.indexSelect(in.ref(), dim, index.ref(), out.ref());
                    assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), 0);
                    if (numel(outShape) > 0) {
                        assertRanOnOpenCl(cl, k, before);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> scatterAdd() {
        List<DynamicTest> tests = new ArrayList<>();
        // out shape, dim, src (= index) shape: many src elements land on each output element
        int[][] outs = {{4, 5}, {4, 5}, {10}, {128, 10}, {3, 4, 5}, {4, 5}};
        int[] dims = {0, 1, 0, 1, 1, 0};
        int[][] srcs = {{6, 5}, {3, 2}, {1000}, {128, 1}, {2, 9, 5}, {0, 5}};
        for (DType dtype : dtypes()) {
            for (int c = 0; c < outs.length; c++) {
                int[] outShape = outs[c];
                int dim = dims[c];
                int[] srcShape = srcs[c];
                long seed = SEED + 59L * c;
                String label = "scatterAdd " + dtype + " out " + Arrays.toString(outShape) + " dim " + dim + " src "
                        + Arrays.toString(srcShape) + " seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Random r = new Random(seed);
                    Pair src = compact(cl, dtype, srcShape, uniform(r, numel(srcShape), -1, 1));
                    Pair index = compact(cl, dtype, srcShape, indices(r, numel(srcShape), outShape[dim]));
                    Pair out = compact(cl, dtype, outShape, uniform(r, numel(outShape), -1, 1));
                    Class<? extends Kernel> k = kernel(dtype, ScatterAddFloatKernel.class,
                            ScatterAddDoubleKernel.class);
                    long before = launches(cl, k);
                    cl.scatterAdd(src.cl(), dim, index.cl(), out.cl());
                    REF.scatterAdd(src.ref(), dim, index.ref(), out.ref());
                    // same order of additions as the reference: equal to rounding of the last bit at most
                    assertClose(label, cl.toDoubles(out.cl()), REF.toDoubles(out.ref()), tolerance(dtype));
                    if (numel(srcShape) > 0) {
                        assertRanOnOpenCl(cl, k, before);
                    }
                }));
            }
        }
        return tests.stream();
    }
}
