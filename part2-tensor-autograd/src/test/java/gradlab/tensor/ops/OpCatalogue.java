package gradlab.tensor.ops;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.TensorFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every differentiable op, once (MiniTorch's idea): how to call it, which input shapes to draw, and which values are
 * safe (inside its domain and 0.01 away from its kinks). {@link OpCatalogueTest} runs every check on every entry;
 * {@link CatalogueCoverageTest} fails if an op class has no entry.
 *
 * <p>Adding an op: write its class in {@code gradlab.tensor.ops}, then add one line here.
 */
final class OpCatalogue {
    private OpCatalogue() {
    }

    /** Draws the input shapes of one case. */
    @FunctionalInterface
    interface Shapes {
        int[][] draw(Random random);
    }

    /**
     * One op under test.
     *
     * @param op       the op class's simple name; the function's output must come from it (its gradFn is opBackward)
     * @param shapes   the input shapes of a case
     * @param low      inputs are drawn uniformly from [low, high) ...
     * @param high     ...
     * @param kinks    ... and redrawn while within 0.01 of one of these points
     * @param function the expression, built from the Tensor API; its last op must be {@code op}
     * @param eps      the central-difference step (1e-6 except where float32 rounding needs a coarser one)
     */
    record Entry(String op, Shapes shapes, double low, double high, double[] kinks, TensorFunction function,
                 double eps) {
        @Override
        public String toString() {
            return op;
        }
    }

    private static final double[] NO_KINKS = {};

    static List<Entry> entries() {
        List<Entry> e = new ArrayList<>();
        // elementwise binary, with broadcasting
        e.add(entry("Add", OpCatalogue::broadcastPair, -2, 2, in -> in[0].add(in[1])));
        e.add(entry("Sub", OpCatalogue::broadcastPair, -2, 2, in -> in[0].sub(in[1])));
        e.add(entry("Mul", OpCatalogue::broadcastPair, -2, 2, in -> in[0].mul(in[1])));
        e.add(entry("Div", OpCatalogue::broadcastPair, 0.5, 2, in -> in[0].div(in[1])));
        e.add(entry("Pow", OpCatalogue::broadcastPair, 0.5, 2, in -> in[0].pow(in[1])));
        e.add(entry("Maximum", OpCatalogue::broadcastPair, -2, 2, in -> in[0].maximum(in[1])));
        e.add(entry("Minimum", OpCatalogue::broadcastPair, -2, 2, in -> in[0].minimum(in[1])));
        e.add(entry("Where", r -> {
            int[][] p = broadcastPair(r);
            return new int[][] {p[0], p[1]};
        }, -2, 2, in -> Tensor.where(mask(in[0].shape(), 7), in[0], in[1])));
        e.add(entry("MaskedFill", OpCatalogue::anyShape, -2, 2, in -> in[0].maskedFill(mask(in[0].shape(), 3), 0.5)));
        // elementwise unary
        e.add(entry("Neg", OpCatalogue::anyShape, -2, 2, in -> in[0].neg()));
        e.add(entry("Exp", OpCatalogue::anyShape, -2, 2, in -> in[0].exp()));
        e.add(entry("Log", OpCatalogue::anyShape, 0.2, 3, in -> in[0].log()));
        e.add(entry("Sqrt", OpCatalogue::anyShape, 0.2, 3, in -> in[0].sqrt()));
        e.add(entry("Abs", OpCatalogue::anyShape, -2, 2, new double[] {0}, in -> in[0].abs()));
        e.add(entry("Tanh", OpCatalogue::anyShape, -2, 2, in -> in[0].tanh()));
        e.add(entry("Erf", OpCatalogue::anyShape, -2.5, 2.5, in -> in[0].erf()));
        e.add(entry("Sigmoid", OpCatalogue::anyShape, -4, 4, in -> in[0].sigmoid()));
        e.add(entry("Relu", OpCatalogue::anyShape, -2, 2, new double[] {0}, in -> in[0].relu()));
        e.add(entry("LeakyRelu", OpCatalogue::anyShape, -2, 2, new double[] {0}, in -> in[0].leakyRelu(0.1)));
        e.add(entry("Clamp", OpCatalogue::anyShape, -2, 2, new double[] {-0.5, 0.5}, in -> in[0].clamp(-0.5, 0.5)));
        e.add(entry("PowScalar", OpCatalogue::anyShape, 0.3, 2, in -> in[0].pow(2.5)));
        e.add(new Entry("ToDType", OpCatalogue::anyShape, -2, 2, NO_KINKS,
                in -> in[0].to(DType.FLOAT32), 1e-2));
        // reductions (over all dims and over a random dim, keepdim or not)
        e.add(entry("Sum", OpCatalogue::anyShape, -2, 2, in -> reduce(in[0], 11, t -> t.sum(), (t, d, k) -> t.sum(d, k))));
        e.add(entry("Mean", OpCatalogue::anyShape, -2, 2, in -> reduce(in[0], 12, t -> t.mean(), (t, d, k) -> t.mean(d, k))));
        e.add(entry("Max", OpCatalogue::anyShape, -2, 2, in -> reduce(in[0], 13, t -> t.max(), (t, d, k) -> t.max(d, k))));
        e.add(entry("Min", OpCatalogue::anyShape, -2, 2, in -> reduce(in[0], 14, t -> t.min(), (t, d, k) -> t.min(d, k))));
        e.add(entry("Var", OpCatalogue::atLeastTwoElements, -2, 2, in -> reduce(in[0], 15, t -> t.var(), OpCatalogue::varOverDimWithTwo)));
        e.add(entry("LogSumExp", OpCatalogue::rankAtLeastOne, -3, 3, in -> in[0].logSumExp(lastDim(in[0]), false)));
        e.add(entry("Softmax", OpCatalogue::rankAtLeastOne, -3, 3, in -> in[0].softmax(lastDim(in[0]))));
        e.add(entry("LogSoftmax", OpCatalogue::rankAtLeastOne, -3, 3, in -> in[0].logSoftmax(lastDim(in[0]))));
        // linear algebra
        e.add(entry("Mm", r -> {
            int n = dim(r), k = dim(r), m = dim(r);
            return new int[][] {{n, k}, {k, m}};
        }, -2, 2, in -> in[0].mm(in[1])));
        e.add(entry("Bmm", r -> {
            int b = dim(r), n = dim(r), k = dim(r), m = dim(r);
            return new int[][] {{b, n, k}, {b, k, m}};
        }, -2, 2, in -> in[0].matmul(in[1])));
        // joining and indexing
        e.add(entry("Cat", r -> {
            int[] a = shape(r, 1, 3);
            int[] b = a.clone();
            b[0] = dim(r);
            return new int[][] {a, b};
        }, -2, 2, in -> Tensor.cat(List.of(in[0], in[1]), 0)));
        e.add(entry("Stack", r -> {
            int[] a = shape(r, 0, 3);
            return new int[][] {a, a.clone()};
        }, -2, 2, in -> Tensor.stack(List.of(in[0], in[1]), 0)));
        e.add(entry("Gather", r -> new int[][] {{dim(r), dim(r) + 1}}, -2, 2,
                in -> in[0].gather(1, indices(in[0].size(0), 2, in[0].size(1), 5))));
        e.add(entry("IndexSelect", r -> new int[][] {{dim(r) + 1, dim(r)}}, -2, 2,
                in -> in[0].indexSelect(0, indices(3, in[0].size(0), 9))));
        e.add(entry("ScatterAdd", r -> new int[][] {{dim(r), 3}}, -2, 2,
                in -> Tensor.zeros(in[0].size(0), 4).scatterAdd(1, indices(in[0].size(0), 3, 4, 6), in[0])));
        // views and copies
        e.add(entry("Expand", r -> new int[][] {{dim(r), 1}}, -2, 2, in -> in[0].expand(in[0].size(0), 3)));
        e.add(entry("Permute", r -> new int[][] {shape(r, 3, 3)}, -2, 2, in -> in[0].permute(2, 0, 1)));
        e.add(entry("Transpose", r -> new int[][] {shape(r, 2, 3)}, -2, 2, in -> in[0].transpose(0, 1)));
        e.add(entry("View", r -> new int[][] {shape(r, 1, 3)}, -2, 2, in -> in[0].reshape(-1)));
        e.add(entry("Squeeze", r -> new int[][] {{dim(r), 1, dim(r)}}, -2, 2, in -> in[0].squeeze(1)));
        e.add(entry("Unsqueeze", OpCatalogue::anyShape, -2, 2, in -> in[0].unsqueeze(0)));
        e.add(entry("Select", r -> new int[][] {shape(r, 1, 3)}, -2, 2, in -> in[0].select(0, in[0].size(0) - 1)));
        e.add(entry("Slice", r -> new int[][] {{dim(r) + 2, dim(r)}}, -2, 2, in -> in[0].slice(0, 1, in[0].size(0), 2)));
        e.add(entry("Clone", OpCatalogue::anyShape, -2, 2, in -> in[0].clone()));
        return e;
    }

    private static Entry entry(String op, Shapes shapes, double low, double high, TensorFunction f) {
        return new Entry(op, shapes, low, high, NO_KINKS, f, 1e-6);
    }

    private static Entry entry(String op, Shapes shapes, double low, double high, double[] kinks, TensorFunction f) {
        return new Entry(op, shapes, low, high, kinks, f, 1e-6);
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
            int n = 1;
            for (int d : s) {
                n *= d;
            }
            if (n >= 2) {
                return new int[][] {s};
            }
        }
    }

    /** Two shapes that broadcast (NumPy rules): the second drops some leading dims and has some dims set to 1. */
    static int[][] broadcastPair(Random r) {
        int[] a = shape(r, 0, 4);
        int drop = a.length == 0 ? 0 : r.nextInt(a.length + 1);
        int[] b = java.util.Arrays.copyOfRange(a, drop, a.length);
        for (int d = 0; d < b.length; d++) {
            if (r.nextInt(3) == 0) {
                b[d] = 1;
            }
        }
        if (r.nextBoolean()) {   // either side may be the smaller one
            return new int[][] {b, a};
        }
        return new int[][] {a, b};
    }

    // ---- fixed helpers for ops with non-differentiable arguments ----------------------------------------------

    /** A seeded 0/1 mask of the given shape. */
    static Tensor mask(int[] shape, long seed) {
        return Tensor.rand(seed, shape).gt(0.5);
    }

    /** A [rows, cols] tensor of seeded indices in [0, bound). */
    static Tensor indices(int rows, int cols, int bound, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int j = 0; j < v.length; j++) {
            v[j] = r.nextInt(bound);
        }
        return Tensor.of(new int[] {rows, cols}, v);
    }

    /** A 1-D tensor of n seeded indices in [0, bound). */
    static Tensor indices(int n, int bound, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = r.nextInt(bound);
        }
        return Tensor.of(v);
    }

    static int lastDim(Tensor t) {
        return t.dim() - 1;
    }

    @FunctionalInterface
    interface DimReduction {
        Tensor apply(Tensor t, int dim, boolean keepdim);
    }

    /** Over all elements for a scalar or on odd shapes; otherwise over a dim chosen by the shape, keepdim alternating. */
    static Tensor reduce(Tensor t, int salt, java.util.function.UnaryOperator<Tensor> all, DimReduction overDim) {
        if (t.dim() == 0) {
            return all.apply(t);
        }
        int h = java.util.Arrays.hashCode(t.shape()) + salt;
        if (Math.floorMod(h, 3) == 0) {
            return all.apply(t);
        }
        return overDim.apply(t, Math.floorMod(h, t.dim()), Math.floorMod(h, 2) == 0);
    }

    /** var over a dim needs at least 2 elements along it (n - 1 in the denominator); otherwise over everything. */
    static Tensor varOverDimWithTwo(Tensor t, int dim, boolean keepdim) {
        return t.size(dim) >= 2 ? t.var(dim, keepdim) : t.var();
    }
}
