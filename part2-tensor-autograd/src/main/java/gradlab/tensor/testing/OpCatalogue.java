package gradlab.tensor.testing;

import static gradlab.tensor.testing.PlainReference.*;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;
import gradlab.tensor.check.TensorFunction;
import gradlab.tensor.ops.Dropout;
import gradlab.tensor.ops.LogSoftmaxBackward;
import gradlab.tensor.testing.PlainReference.Nd;
import gradlab.tensor.testing.PlainReference.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every differentiable op, once (MiniTorch's idea): how to call it, which input shapes to draw, and which values are
 * safe (inside its domain and 0.01 away from its kinks). {@link OpCatalogueTests} runs every check on every entry;
 * {@code CatalogueCoverageTest} (part 2's tests) fails if an op class has no entry.
 *
 * <p>Adding an op: write its class in {@code gradlab.tensor.ops}, then add one line here.
 */
public final class OpCatalogue {
    private OpCatalogue() {
    }

    /** Draws the input shapes of one case. */
    @FunctionalInterface
    public interface Shapes {
        int[][] draw(Random random);
    }

    /**
     * One op under test.
     *
     * @param label     the case's name, and what its seeds are drawn from: the op's name, or for a variant the op's
     *                  name and what the variant exercises (e.g. "Matmul[1-D x 2-D]")
     * @param op        the op class's simple name. If label equals op the function's output must come from it (its
     *                  gradFn is opBackward); a variant's graph must contain it somewhere (matmul's vector cases
     *                  reshape Mm's output)
     * @param shapes    the input shapes of a case
     * @param low       inputs are drawn uniformly from [low, high) ...
     * @param high      ...
     * @param kinks     ... and redrawn while within 0.01 of one of these points
     * @param function  the expression, built from the Tensor API
     * @param reference the same expression written with plain loops over double[] ({@link PlainReference})
     * @param eps       the central-difference step (1e-6 except where float32 rounding needs a coarser one)
     */
    public record Entry(String label, String op, Shapes shapes, double low, double high, double[] kinks,
                 TensorFunction function, Reference reference, double eps) {
        /** Whether the function's output itself must come from the op (not a variant that wraps it). */
        boolean endsInOp() {
            return label.equals(op);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final double[] NO_KINKS = {};

    public static List<Entry> entries() {
        List<Entry> e = new ArrayList<>();
        // elementwise binary, with broadcasting
        e.add(entry("Add", OpCatalogue::broadcastPair, -2, 2, in -> in[0].add(in[1]),
                x -> binary(x[0], x[1], (a, b) -> a + b)));
        e.add(entry("Sub", OpCatalogue::broadcastPair, -2, 2, in -> in[0].sub(in[1]),
                x -> binary(x[0], x[1], (a, b) -> a - b)));
        e.add(entry("Mul", OpCatalogue::broadcastPair, -2, 2, in -> in[0].mul(in[1]),
                x -> binary(x[0], x[1], (a, b) -> a * b)));
        e.add(entry("Div", OpCatalogue::broadcastPair, 0.5, 2, in -> in[0].div(in[1]),
                x -> binary(x[0], x[1], (a, b) -> a / b)));
        e.add(entry("Pow", OpCatalogue::broadcastPair, 0.5, 2, in -> in[0].pow(in[1]),
                x -> binary(x[0], x[1], Math::pow)));
        // PyTorch: for a < 0 and whole b, a^b and d/da = b a^(b-1) are fine but d/db = a^b ln a is NaN (tested in
        // NonDifferentiableOpsTest); so the exponent is a constant here and only the base is gradchecked.
        e.add(variant("Pow[negative base, integer exponent]", "Pow", OpCatalogue::anyShape, -2, -0.25, NO_KINKS,
                in -> in[0].pow(integerExponents(in[0].shape())),
                x -> binary(x[0], integerExponentsNd(x[0].shape()), Math::pow)));
        e.add(entry("Maximum", OpCatalogue::broadcastPair, -2, 2, in -> in[0].maximum(in[1]),
                x -> binary(x[0], x[1], Math::max)));
        e.add(entry("Minimum", OpCatalogue::broadcastPair, -2, 2, in -> in[0].minimum(in[1]),
                x -> binary(x[0], x[1], Math::min)));
        e.add(entry("Where", OpCatalogue::broadcastPair, -2, 2,
                in -> Tensor.where(mask(in[0].shape(), 7), in[0], in[1]),
                x -> where(maskNd(x[0].shape(), 7), x[0], x[1])));
        e.add(entry("MaskedFill", OpCatalogue::anyShape, -2, 2, in -> in[0].maskedFill(mask(in[0].shape(), 3), 0.5),
                x -> where(maskNd(x[0].shape(), 3), new Nd(new int[0], new double[] {0.5}), x[0])));
        // elementwise unary
        e.add(entry("Neg", OpCatalogue::anyShape, -2, 2, in -> in[0].neg(), x -> map(x[0], v -> -v)));
        e.add(entry("Exp", OpCatalogue::anyShape, -2, 2, in -> in[0].exp(), x -> map(x[0], Math::exp)));
        e.add(entry("Log", OpCatalogue::anyShape, 0.2, 3, in -> in[0].log(), x -> map(x[0], Math::log)));
        e.add(entry("Sqrt", OpCatalogue::anyShape, 0.2, 3, in -> in[0].sqrt(), x -> map(x[0], Math::sqrt)));
        e.add(entry("Abs", OpCatalogue::anyShape, -2, 2, new double[] {0}, in -> in[0].abs(),
                x -> map(x[0], Math::abs)));
        e.add(entry("Erf", OpCatalogue::anyShape, -2.5, 2.5, in -> in[0].erf(), x -> map(x[0], PlainReference::erf)));
        e.add(entry("Tanh", OpCatalogue::anyShape, -2, 2, in -> in[0].tanh(), x -> map(x[0], Math::tanh)));
        e.add(entry("Sigmoid", OpCatalogue::anyShape, -4, 4, in -> in[0].sigmoid(),
                x -> map(x[0], PlainReference::sigmoid)));
        e.add(entry("Relu", OpCatalogue::anyShape, -2, 2, new double[] {0}, in -> in[0].relu(),
                x -> map(x[0], v -> v > 0 ? v : 0)));
        e.add(entry("LeakyRelu", OpCatalogue::anyShape, -2, 2, new double[] {0}, in -> in[0].leakyRelu(0.1),
                x -> map(x[0], v -> v > 0 ? v : 0.1 * v)));
        e.add(entry("Clamp", OpCatalogue::anyShape, -2, 2, new double[] {-0.5, 0.5}, in -> in[0].clamp(-0.5, 0.5),
                x -> map(x[0], v -> v < -0.5 ? -0.5 : v > 0.5 ? 0.5 : v)));
        e.add(entry("PowScalar", OpCatalogue::anyShape, 0.3, 2, in -> in[0].pow(2.5),
                x -> map(x[0], v -> Math.pow(v, 2.5))));
        e.add(new Entry("ToDType", "ToDType", OpCatalogue::anyShape, -2, 2, NO_KINKS,
                in -> in[0].to(DType.FLOAT32), x -> map(x[0], v -> (double) (float) v), 1e-2));
        e.add(entry("ToDevice", OpCatalogue::anyShape, -2, 2, in -> in[0].to(otherDevice(in[0])), x -> x[0]));
        // reductions (over all dims and over a random dim, keepdim or not)
        e.add(entry("Sum", OpCatalogue::anyShape, -2, 2,
                in -> reduce(in[0], 11, t -> t.sum(), (t, d, k) -> t.sum(d, k)),
                x -> reduceNd(x[0], 11, PlainReference::sum)));
        e.add(entry("Mean", OpCatalogue::anyShape, -2, 2,
                in -> reduce(in[0], 12, t -> t.mean(), (t, d, k) -> t.mean(d, k)),
                x -> reduceNd(x[0], 12, PlainReference::mean)));
        e.add(entry("Max", OpCatalogue::anyShape, -2, 2,
                in -> reduce(in[0], 13, t -> t.max(), (t, d, k) -> t.max(d, k)),
                x -> reduceNd(x[0], 13, PlainReference::max)));
        e.add(entry("Min", OpCatalogue::anyShape, -2, 2,
                in -> reduce(in[0], 14, t -> t.min(), (t, d, k) -> t.min(d, k)),
                x -> reduceNd(x[0], 14, PlainReference::min)));
        e.add(entry("Var", OpCatalogue::atLeastTwoElements, -2, 2,
                in -> reduce(in[0], 15, t -> t.var(), OpCatalogue::varOverDimWithTwo), x -> varNd(x[0], 15)));
        e.add(entry("LogSumExp", OpCatalogue::rankAtLeastOne, -3, 3, in -> in[0].logSumExp(lastDim(in[0]), false),
                x -> PlainReference.reduce(x[0], new int[] {x[0].rank() - 1}, false, PlainReference::logSumExp)));
        e.add(entry("Softmax", OpCatalogue::rankAtLeastOne, -3, 3, in -> in[0].softmax(lastDim(in[0])),
                x -> alongDim(x[0], x[0].rank() - 1, PlainReference::softmax)));
        e.add(entry("LogSoftmax", OpCatalogue::rankAtLeastOne, -3, 3, in -> in[0].logSoftmax(lastDim(in[0])),
                x -> alongDim(x[0], x[0].rank() - 1, PlainReference::logSoftmax)));
        e.add(variant("LogSoftmax[dim 0]", "LogSoftmax", OpCatalogue::rankAtLeastOne, -3, 3, NO_KINKS,
                in -> in[0].logSoftmax(0), x -> alongDim(x[0], 0, PlainReference::logSoftmax)));
        e.add(entry("LogSoftmaxBackward", r -> {
            int[] s = rankAtLeastOne(r)[0];
            return new int[][] {s, s.clone()};
        }, -2, 2, in -> new LogSoftmaxBackward(lastDim(in[0])).apply(in[0], in[1]),
                x -> binary(x[0], binary(map(x[1], Math::exp),
                        PlainReference.reduce(x[0], new int[] {x[0].rank() - 1}, true, PlainReference::sum),
                        (e1, s1) -> e1 * s1), (g1, t1) -> g1 - t1)));
        // dropout with fixed uniform draws (so a fixed mask): keep where u >= 0.25, scale by 1 / 0.75
        e.add(entry("Dropout", OpCatalogue::anyShape, -2, 2,
                in -> new Dropout(0.25, Tensor.of(in[0].shape(), uniformValues(in[0].shape(), 5))
                        .to(in[0].device())).apply(in[0]),
                x -> binary(x[0], new Nd(x[0].shape().clone(), uniformValues(x[0].shape(), 5)),
                        (v, u) -> u >= 0.25 ? v * (1 / 0.75) : 0.0)));
        // linear algebra
        e.add(entry("Mm", r -> {
            int n = dim(r), k = dim(r), m = dim(r);
            return new int[][] {{n, k}, {k, m}};
        }, -2, 2, in -> in[0].mm(in[1]), x -> mm(x[0], x[1])));
        e.add(entry("Bmm", r -> {
            int b = dim(r), n = dim(r), k = dim(r), m = dim(r);
            return new int[][] {{b, n, k}, {b, k, m}};
        }, -2, 2, in -> in[0].matmul(in[1]), x -> matmul(x[0], x[1])));
        // matmul's vector and broadcast cases: PyTorch's rules, computed by Mm or Bmm with a reshape around them
        e.add(matmulVariant("Matmul[1-D x 1-D dot]", "Mm", r -> {
            int k = dim(r);
            return new int[][] {{k}, {k}};
        }));
        e.add(matmulVariant("Matmul[1-D x 2-D]", "Mm", r -> {
            int k = dim(r), m = dim(r);
            return new int[][] {{k}, {k, m}};
        }));
        e.add(matmulVariant("Matmul[2-D x 1-D]", "Mm", r -> {
            int n = dim(r), k = dim(r);
            return new int[][] {{n, k}, {k}};
        }));
        e.add(matmulVariant("Matmul[1-D x 3-D batched]", "Bmm", r -> {
            int b = dim(r), k = dim(r), m = dim(r);
            return new int[][] {{k}, {b, k, m}};
        }));
        e.add(matmulVariant("Matmul[3-D x 1-D batched]", "Bmm", r -> {
            int b = dim(r), n = dim(r), k = dim(r);
            return new int[][] {{b, n, k}, {k}};
        }));
        e.add(matmulVariant("Matmul[broadcast batch dims]", "Bmm", OpCatalogue::broadcastBatchPair));
        // joining and indexing
        e.add(entry("Cat", r -> {
            int[] a = shape(r, 1, 3);
            int[] b = a.clone();
            b[0] = dim(r);
            return new int[][] {a, b};
        }, -2, 2, in -> Tensor.cat(List.of(in[0], in[1]), 0), x -> cat(x[0], x[1], 0)));
        e.add(entry("Stack", r -> {
            int[] a = shape(r, 0, 3);
            return new int[][] {a, a.clone()};
        }, -2, 2, in -> Tensor.stack(List.of(in[0], in[1]), 0), x -> stack(x[0], x[1], 0)));
        e.add(entry("Gather", r -> new int[][] {{dim(r), dim(r) + 1}}, -2, 2,
                in -> in[0].gather(1, indices(in[0].size(0), 2, in[0].size(1), 5)),
                x -> gather(x[0], 1, indicesNd(x[0].shape()[0], 2, x[0].shape()[1], 5))));
        e.add(entry("IndexSelect", r -> new int[][] {{dim(r) + 1, dim(r)}}, -2, 2,
                in -> in[0].indexSelect(0, indices(3, in[0].size(0), 9)),
                x -> indexSelect(x[0], 0, indicesNd(3, x[0].shape()[0], 9))));
        e.add(entry("ScatterAdd", r -> new int[][] {{dim(r), 3}}, -2, 2,
                in -> Tensor.zeros(in[0].size(0), 4).scatterAdd(1, indices(in[0].size(0), 3, 4, 6), in[0]),
                x -> scatterAdd(new Nd(new int[] {x[0].shape()[0], 4}, new double[x[0].shape()[0] * 4]), 1,
                        indicesNd(x[0].shape()[0], 3, 4, 6), x[0])));
        // views and copies
        e.add(entry("Expand", r -> new int[][] {{dim(r), 1}}, -2, 2, in -> in[0].expand(in[0].size(0), 3),
                x -> broadcastTo(x[0], new int[] {x[0].shape()[0], 3})));
        e.add(entry("Permute", r -> new int[][] {shape(r, 3, 3)}, -2, 2, in -> in[0].permute(2, 0, 1),
                x -> permute(x[0], 2, 0, 1)));
        e.add(entry("Transpose", r -> new int[][] {shape(r, 2, 3)}, -2, 2, in -> in[0].transpose(0, 1),
                x -> transpose(x[0], 0, 1)));
        e.add(entry("View", r -> new int[][] {shape(r, 1, 3)}, -2, 2, in -> in[0].reshape(-1),
                x -> reshape(x[0], x[0].values().length)));
        e.add(entry("Squeeze", r -> new int[][] {{dim(r), 1, dim(r)}}, -2, 2, in -> in[0].squeeze(1),
                x -> reshape(x[0], removeDim(x[0].shape(), 1))));
        e.add(entry("Unsqueeze", OpCatalogue::anyShape, -2, 2, in -> in[0].unsqueeze(0),
                x -> reshape(x[0], insertDim(x[0].shape(), 0, 1))));
        e.add(entry("Select", r -> new int[][] {shape(r, 1, 3)}, -2, 2, in -> in[0].select(0, in[0].size(0) - 1),
                x -> select(x[0], 0, x[0].shape()[0] - 1)));
        e.add(entry("Slice", r -> new int[][] {{dim(r) + 2, dim(r)}}, -2, 2, in -> in[0].slice(0, 1, in[0].size(0), 2),
                x -> slice(x[0], 0, 1, x[0].shape()[0], 2)));
        e.add(entry("Clone", OpCatalogue::anyShape, -2, 2, in -> in[0].clone(), x -> x[0]));
        return e;
    }

    /** The entry with this label (e.g. "Mul" or "Matmul[1-D x 2-D]"), to replay one of its cases. */
    /** The reference device for a tensor on any other device, the CPU for one on the reference device. */
    static Device otherDevice(Tensor t) {
        return t.device() == ReferenceDevice.INSTANCE ? CpuDevice.INSTANCE : ReferenceDevice.INSTANCE;
    }

    public static Entry entry(String label) {
        return entries().stream().filter(e -> e.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no catalogue entry labelled " + label));
    }

    private static Entry entry(String op, Shapes shapes, double low, double high, TensorFunction f, Reference ref) {
        return new Entry(op, op, shapes, low, high, NO_KINKS, f, ref, 1e-6);
    }

    private static Entry entry(String op, Shapes shapes, double low, double high, double[] kinks, TensorFunction f,
                               Reference ref) {
        return new Entry(op, op, shapes, low, high, kinks, f, ref, 1e-6);
    }

    private static Entry variant(String label, String op, Shapes shapes, double low, double high, double[] kinks,
                                 TensorFunction f, Reference ref) {
        return new Entry(label, op, shapes, low, high, kinks, f, ref, 1e-6);
    }

    private static Entry matmulVariant(String label, String op, Shapes shapes) {
        return variant(label, op, shapes, -2, 2, NO_KINKS, in -> in[0].matmul(in[1]), x -> matmul(x[0], x[1]));
    }

    // ---- shape generators: rank 0-4, dims 1-5, at most 64 elements so that full gradchecks stay fast ----------

    static int dim(Random r) {
        return 1 + r.nextInt(4);
    }

    /** A shape of rank in [minRank, maxRank] with dims 1-5 and at most 64 elements. */
    static int[] shape(Random r, int minRank, int maxRank) {
        while (true) {
            int rank = minRank + r.nextInt(maxRank - minRank + 1);
            int[] s = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                s[d] = 1 + r.nextInt(5);
                n *= s[d];
            }
            if (n <= 64) {
                return s;
            }
        }
    }

    static int[][] anyShape(Random r) {
        return new int[][] {shape(r, 0, 4)};
    }

    static int[][] rankAtLeastOne(Random r) {
        return new int[][] {shape(r, 1, 4)};
    }

    static int[][] atLeastTwoElements(Random r) {
        while (true) {
            int[] s = shape(r, 1, 3);
            if (numel(s) >= 2) {
                return new int[][] {s};
            }
        }
    }

    /**
     * Two shapes that broadcast (NumPy rules), in one of four forms, either side first:
     * <ul>
     *   <li>both sides broadcast at once: each dim is 1 on one side, or on neither ([3, 1] with [1, 4]), and one side
     *       may drop leading dims;</li>
     *   <li>a rank-0 tensor with a tensor of rank 1-4 (often rank 4);</li>
     *   <li>leading 1s: one side has extra leading size-1 dims ([1, 1, 3] with [2, 3]);</li>
     *   <li>one side a suffix of the other with some dims set to 1 ([4, 3] with [3] or [1]).</li>
     * </ul>
     */
    static int[][] broadcastPair(Random r) {
        int[][] pair = switch (r.nextInt(4)) {
            case 0 -> bothSidesBroadcast(r);
            case 1 -> new int[][] {{}, r.nextBoolean() ? shape(r, 4, 4) : shape(r, 1, 4)};
            case 2 -> leadingOnes(r);
            default -> suffixWithOnes(r);
        };
        if (r.nextBoolean()) {
            return new int[][] {pair[1], pair[0]};
        }
        return pair;
    }

    /** Each dim of the output is 1 on the left, 1 on the right, or kept by both; the right may drop leading dims. */
    static int[][] bothSidesBroadcast(Random r) {
        int[] out = shape(r, 1, 4);
        int[] a = out.clone();
        int[] b = out.clone();
        for (int d = 0; d < out.length; d++) {
            switch (r.nextInt(3)) {
                case 0 -> a[d] = 1;
                case 1 -> b[d] = 1;
                default -> { }
            }
        }
        b = java.util.Arrays.copyOfRange(b, r.nextInt(b.length), b.length);
        return new int[][] {a, b};
    }

    /** [1, ..., 1] + a suffix of a shape (some of its dims 1), against the shape: the output gains leading 1s. */
    static int[][] leadingOnes(Random r) {
        int[] a = shape(r, 1, 3);
        int[] suffix = suffixWithOnes(r, a);
        int extra = 1 + r.nextInt(4 - a.length);
        int[] b = new int[extra + suffix.length];
        java.util.Arrays.fill(b, 1);
        System.arraycopy(suffix, 0, b, extra, suffix.length);
        return new int[][] {a, b};
    }

    static int[][] suffixWithOnes(Random r) {
        int[] a = shape(r, 0, 4);
        return new int[][] {a, suffixWithOnes(r, a)};
    }

    /** a with some leading dims dropped and some dims set to 1. */
    static int[] suffixWithOnes(Random r, int[] a) {
        int drop = a.length == 0 ? 0 : r.nextInt(a.length + 1);
        int[] b = java.util.Arrays.copyOfRange(a, drop, a.length);
        for (int d = 0; d < b.length; d++) {
            if (r.nextInt(3) == 0) {
                b[d] = 1;
            }
        }
        return b;
    }

    /** Batched matmul operands whose batch dims broadcast: [b1, 1, n, k] with [b2, k, m], or [c, n, k] with [k, m]. */
    static int[][] broadcastBatchPair(Random r) {
        int n = dim(r), k = dim(r), m = dim(r);
        int b1 = 1 + r.nextInt(3), b2 = 1 + r.nextInt(3);
        int[][] pair = switch (r.nextInt(3)) {
            case 0 -> new int[][] {{b1, 1, n, k}, {b2, k, m}};
            case 1 -> new int[][] {{b1, n, k}, {k, m}};
            default -> new int[][] {{n, k}, {b2, 1, k, m}};
        };
        return pair;
    }

    // ---- fixed helpers for ops with non-differentiable arguments: plain values shared by function and reference --

    /** Seeded 0/1 values for a mask of the given shape. */
    static double[] maskValues(int[] shape, long seed) {
        Random r = new Random(seed);
        double[] v = new double[numel(shape)];
        for (int j = 0; j < v.length; j++) {
            v[j] = r.nextBoolean() ? 1 : 0;
        }
        return v;
    }

    /** A seeded 0/1 mask of the given shape. */
    static Tensor mask(int[] shape, long seed) {
        return Tensor.of(shape, maskValues(shape, seed));
    }

    /** Seeded draws from [0, 1), one per element of {@code shape} (the same for the same shape and seed). */
    static double[] uniformValues(int[] shape, long seed) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        Random r = new Random(seed * 1_000_003L + n);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = r.nextDouble();
        }
        return v;
    }

    static Nd maskNd(int[] shape, long seed) {
        return new Nd(shape.clone(), maskValues(shape, seed));
    }

    /** rows * cols seeded whole numbers in [0, bound). */
    static double[] indexValues(int n, int bound, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = r.nextInt(bound);
        }
        return v;
    }

    /** A [rows, cols] tensor of seeded indices in [0, bound). */
    static Tensor indices(int rows, int cols, int bound, long seed) {
        return Tensor.of(new int[] {rows, cols}, indexValues(rows * cols, bound, seed));
    }

    static Nd indicesNd(int rows, int cols, int bound, long seed) {
        return new Nd(new int[] {rows, cols}, indexValues(rows * cols, bound, seed));
    }

    /** A 1-D tensor of n seeded indices in [0, bound). */
    static Tensor indices(int n, int bound, long seed) {
        return Tensor.of(indexValues(n, bound, seed));
    }

    static Nd indicesNd(int n, int bound, long seed) {
        return new Nd(new int[] {n}, indexValues(n, bound, seed));
    }

    /**
     * Whole exponents in [-2, 3] for a base of the given shape: of the base's shape, or (for odd shape hashes) of its
     * last dim only, so that they broadcast over the rows.
     */
    static Nd integerExponentsNd(int[] baseShape) {
        int h = java.util.Arrays.hashCode(baseShape);
        int[] shape = baseShape.length > 0 && Math.floorMod(h, 2) == 1
                ? new int[] {baseShape[baseShape.length - 1]} : baseShape.clone();
        Random r = new Random(h);
        double[] v = new double[numel(shape)];
        for (int j = 0; j < v.length; j++) {
            v[j] = r.nextInt(6) - 2;
        }
        return new Nd(shape, v);
    }

    static Tensor integerExponents(int[] baseShape) {
        Nd e = integerExponentsNd(baseShape);
        return Tensor.of(e.shape(), e.values());
    }

    static int lastDim(Tensor t) {
        return t.dim() - 1;
    }

    @FunctionalInterface
    interface DimReduction {
        Tensor apply(Tensor t, int dim, boolean keepdim);
    }

    /** Which reduction a case does: over all elements, or over one dim with or without keepdim. */
    record Reduction(boolean all, int dim, boolean keepdim) {
    }

    /** Over all elements for a scalar or on odd shapes, else over a dim chosen by the shape, keepdim alternating. */
    static Reduction reduction(int[] shape, int salt) {
        int h = java.util.Arrays.hashCode(shape) + salt;
        if (shape.length == 0 || Math.floorMod(h, 3) == 0) {
            return new Reduction(true, -1, false);
        }
        return new Reduction(false, Math.floorMod(h, shape.length), Math.floorMod(h, 2) == 0);
    }

    static Tensor reduce(Tensor t, int salt, java.util.function.UnaryOperator<Tensor> all, DimReduction overDim) {
        Reduction c = reduction(t.shape(), salt);
        return c.all() ? all.apply(t) : overDim.apply(t, c.dim(), c.keepdim());
    }

    /** The reference of {@link #reduce}: the same choice of dims, reduced with plain loops. */
    static Nd reduceNd(Nd x, int salt, Reducer r) {
        Reduction c = reduction(x.shape(), salt);
        return c.all() ? PlainReference.reduce(x, new int[0], false, r)
                : PlainReference.reduce(x, new int[] {c.dim()}, c.keepdim(), r);
    }

    /** var over a dim needs at least 2 elements along it (n - 1 in the denominator); otherwise over everything. */
    static Tensor varOverDimWithTwo(Tensor t, int dim, boolean keepdim) {
        return t.size(dim) >= 2 ? t.var(dim, keepdim) : t.var();
    }

    static Nd varNd(Nd x, int salt) {
        Reduction c = reduction(x.shape(), salt);
        if (c.all() || x.shape()[c.dim()] < 2) {
            return PlainReference.reduce(x, new int[0], false, PlainReference::var);
        }
        return PlainReference.reduce(x, new int[] {c.dim()}, c.keepdim(), PlainReference::var);
    }
}
