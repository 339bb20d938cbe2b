package gradlab.tensor.device;

import gradlab.tensor.DType;
import org.apache.commons.numbers.gamma.Erf;

/**
 * The plainest device that runs every op: one loop over output elements per kernel, written for reading, not
 * speed. It is the baseline the fast devices are tested against, and the template for a new one.
 *
 * <p>It says {@link #takesStrided()} false, so its compute kernels only ever see <em>compact</em> operands: element
 * i of a tensor is {@code values[i]}, and every operand of a call has the output's dtype. Only the two layout kernels,
 * {@link #copy} and {@link #fill}, walk strides, with {@link #offsetOf}, the index-to-offset function every strided
 * tensor library has at its heart. float32 tensors keep their values in a {@code double[]}, rounded to float on every
 * write.
 */
public final class ReferenceDevice implements Device {
    /** The one reference device. */
    public static final ReferenceDevice INSTANCE = new ReferenceDevice();

    private ReferenceDevice() {
    }

    /** A flat block of values; float32 ones are stored rounded to float. */
    static final class Values extends Storage {
        final double[] values;

        Values(DType dtype, int size) {
            super(dtype, size);
            values = new double[size];
        }

        @Override
        public Device device() {
            return INSTANCE;
        }

        /** Writes v, rounded to this storage's dtype. */
        void set(int i, double v) {
            values[i] = dtype() == DType.FLOAT32 ? (float) v : v;
        }
    }

    private static double[] values(Strided s) {
        return ((Values) s.storage()).values;
    }

    private static Values storage(Strided s) {
        return (Values) s.storage();
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public boolean takesStrided() {
        return false;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return new Values(dtype, size);
    }

    @Override
    public Storage fromDoubles(DType dtype, double[] values) {
        Values s = new Values(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            s.set(i, values[i]);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------- layout kernels

    /**
     * Where element number {@code i} (counting in row-major order) of a strided tensor lives in its storage: split i
     * into one index per dim, from the last dim, and add index times stride.
     */
    static int offsetOf(Strided s, int i) {
        int offset = s.offset();
        for (int d = s.rank() - 1; d >= 0; d--) {
            int size = s.shape()[d];
            offset += (i % size) * s.strides()[d];
            i /= size;
        }
        return offset;
    }

    @Override
    public double[] toDoubles(Strided src) {
        double[] out = new double[src.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values(src)[offsetOf(src, i)];
        }
        return out;
    }

    @Override
    public void copy(Strided src, Strided dst) {
        double[] tmp = toDoubles(src); // read everything first, so src and dst may overlap
        for (int i = 0; i < tmp.length; i++) {
            storage(dst).set(offsetOf(dst, i), tmp[i]);
        }
    }

    @Override
    public void fill(Strided dst, double value) {
        for (int i = 0; i < dst.numel(); i++) {
            storage(dst).set(offsetOf(dst, i), value);
        }
    }

    // ---------------------------------------------------------------------------------------- compute kernels

    @Override
    public void unary(UnaryOp op, double p, Strided in, Strided out) {
        for (int i = 0; i < out.numel(); i++) {
            storage(out).set(i, unary(op, p, values(in)[i]));
        }
    }

    /** y = op(x), one element. */
    static double unary(UnaryOp op, double p, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case TANH -> Math.tanh(x);
            case ERF -> Erf.value(x);
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case RELU -> x > 0 || Double.isNaN(x) ? x : 0.0;
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case CLAMP_MIN -> Math.max(x, p);
            case CLAMP_MAX -> Math.min(x, p);
            case POW_SCALAR -> Math.pow(x, p);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
        };
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        for (int i = 0; i < out.numel(); i++) {
            storage(out).set(i, binary(op, values(a)[i], values(b)[i]));
        }
    }

    /** z = op(x, y), one element; comparisons give 1 or 0. */
    static double binary(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
        };
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        for (int i = 0; i < out.numel(); i++) {
            storage(out).set(i, values(cond)[i] != 0 ? values(a)[i] : values(b)[i]);
        }
    }

    /**
     * Each input element goes to the output element with the same index in every kept dim and index 0 in every
     * reduced dim (where out has size 1).
     */
    @Override
    public void reduce(ReduceOp op, Strided in, Strided out) {
        double start = switch (op) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        double[] acc = new double[out.numel()];
        java.util.Arrays.fill(acc, start);
        for (int i = 0; i < in.numel(); i++) {
            int[] index = unravel(i, in.shape());
            for (int d = 0; d < index.length; d++) {
                if (out.shape()[d] == 1) {
                    index[d] = 0;
                }
            }
            int o = ravel(index, out.shape());
            double x = values(in)[i];
            acc[o] = switch (op) {
                case SUM -> acc[o] + x;
                case MAX -> Math.max(acc[o], x); // Math.max and min propagate NaN, as torch's do
                case MIN -> Math.min(acc[o], x);
            };
        }
        for (int o = 0; o < acc.length; o++) {
            storage(out).set(o, acc[o]);
        }
    }

    /** out[t][i][j] = sum over p of a[t][i][p] * b[t][p][j], for every batch t (the batch dims flattened). */
    @Override
    public void matmul(Strided a, Strided b, Strided out) {
        int rank = out.rank();
        int n = out.shape()[rank - 2];
        int m = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        int batches = n * m == 0 ? 0 : out.numel() / (n * m);
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += values(a)[(t * n + i) * k + p] * values(b)[(t * k + p) * m + j];
                    }
                    storage(out).set((t * n + i) * m + j, sum);
                }
            }
        }
    }

    @Override
    public void gather(Strided in, int dim, Strided index, Strided out) {
        for (int i = 0; i < out.numel(); i++) {
            int[] at = unravel(i, out.shape());
            at[dim] = checkedIndex(values(index)[i], in.shape()[dim], dim, "gather");
            storage(out).set(i, values(in)[ravel(at, in.shape())]);
        }
    }

    @Override
    public void scatterAdd(Strided src, int dim, Strided index, Strided out) {
        for (int i = 0; i < src.numel(); i++) {
            int[] at = unravel(i, src.shape());
            at[dim] = checkedIndex(values(index)[i], out.shape()[dim], dim, "scatterAdd");
            int o = ravel(at, out.shape());
            storage(out).set(o, values(out)[o] + values(src)[i]);
        }
    }

    @Override
    public void indexSelect(Strided in, int dim, Strided index, Strided out) {
        for (int i = 0; i < out.numel(); i++) {
            int[] at = unravel(i, out.shape());
            at[dim] = checkedIndex(values(index)[at[dim]], in.shape()[dim], dim, "indexSelect");
            storage(out).set(i, values(in)[ravel(at, in.shape())]);
        }
    }

    // ---------------------------------------------------------------------------------------- fused kernels

    /**
     * Log-softmax, one line along dim at a time. A compact tensor of shape [outer, size, inner] (outer: the dims
     * before dim, inner: those after) has element (o, j, i) at {@code (o * size + j) * inner + i}; each (o, i) is one
     * line of {@code size} elements, {@code inner} apart. Three passes over a line: its max m, then
     * s = sum exp(x - m), then out = x - m - log s. An infinite m makes the line NaN (see {@link Device#logSoftmax}).
     */
    @Override
    public void logSoftmax(Strided in, int dim, Strided out) {
        int size = in.shape()[dim];
        int inner = 1;
        for (int d = dim + 1; d < in.rank(); d++) {
            inner *= in.shape()[d];
        }
        int outer = size * inner == 0 ? 0 : in.numel() / (size * inner);
        double[] x = values(in);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int first = o * size * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < size; j++) {
                    m = Math.max(m, x[first + j * inner]); // Math.max propagates NaN
                }
                double shift = m;
                double sum = 0;
                for (int j = 0; j < size; j++) {
                    sum += Math.exp(x[first + j * inner] - shift);
                }
                double logSum = Math.log(sum);
                for (int j = 0; j < size; j++) {
                    storage(out).set(first + j * inner, x[first + j * inner] - shift - logSum);
                }
            }
        }
    }

    /** gradIn = g - exp(y) * sum(g) along dim, one line at a time (lines as in {@link #logSoftmax}). */
    @Override
    public void logSoftmaxBackward(Strided grad, Strided out, int dim, Strided gradIn) {
        int size = grad.shape()[dim];
        int inner = 1;
        for (int d = dim + 1; d < grad.rank(); d++) {
            inner *= grad.shape()[d];
        }
        int outer = size * inner == 0 ? 0 : grad.numel() / (size * inner);
        double[] g = values(grad);
        double[] y = values(out);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int first = o * size * inner + i;
                double sum = 0;
                for (int j = 0; j < size; j++) {
                    sum += g[first + j * inner];
                }
                for (int j = 0; j < size; j++) {
                    int at = first + j * inner;
                    storage(gradIn).set(at, g[at] - Math.exp(y[at]) * sum);
                }
            }
        }
    }

    /** mask = u &gt;= p ? 1/(1 - p) : 0 and out = x * mask, elementwise; p and the scale in the operands' dtype. */
    @Override
    public void dropout(Strided in, Strided uniform, double p, Strided out, Strided mask) {
        boolean f32 = storage(out).dtype() == DType.FLOAT32;
        double threshold = f32 ? (float) p : p;
        double scale = f32 ? (float) (1.0 / (1.0 - p)) : 1.0 / (1.0 - p);
        for (int i = 0; i < out.numel(); i++) {
            double m = values(uniform)[i] >= threshold ? scale : 0.0;
            storage(mask).set(i, m);
            storage(out).set(i, values(in)[i] * m);
        }
    }

    // ---------------------------------------------------------------------------------------- index helpers

    /** The multi-index of element number {@code i} of a compact tensor of {@code shape}. */
    static int[] unravel(int i, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = i % shape[d];
            i /= shape[d];
        }
        return index;
    }

    /** The element number of multi-index {@code index} in a compact tensor of {@code shape}. */
    static int ravel(int[] index, int[] shape) {
        int i = 0;
        for (int d = 0; d < shape.length; d++) {
            i = i * shape[d] + index[d];
        }
        return i;
    }

    private static int checkedIndex(double value, int size, int dim, String op) {
        int i = (int) value;
        if (i != value || i < -size || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + value + " is out of bounds for dim " + dim
                    + " with size " + size + "; indices must be integers in [" + (-size) + ", " + (size - 1) + "]");
        }
        return i < 0 ? i + size : i;
    }

    // ---------------------------------------------------------------------------------------- optimizer updates
    // One loop per optimizer, the record's formula line by line. round() rounds every intermediate (and every
    // scalar, as a plain number in a tensor op would be) to the parameter's dtype, so float32 gives what the same
    // formula written with float32 tensor ops gives.

    /** x rounded to {@code s}'s dtype (float32: to the nearest float). */
    private static double round(Strided s, double x) {
        return s.storage().dtype() == DType.FLOAT32 ? (float) x : x;
    }

    @Override
    public void sgdStep(SgdStep step, Strided param, Strided grad, Strided momentumBuffer) {
        double[] w = values(param);
        double[] gr = values(grad);
        double wd = round(param, step.weightDecay());
        double mu = round(param, step.momentum());
        double oneMinusDampening = round(param, 1 - step.dampening());
        double minusLr = round(param, -step.lr());
        for (int i = 0; i < param.numel(); i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (step.weightDecay() != 0) {
                g = round(param, g + round(param, w[i] * wd));                   // g + wd w
            }
            if (step.usesMomentum()) {
                double[] v = values(momentumBuffer);
                if (step.firstStep()) {
                    v[i] = g;                                                     // v = g
                } else {
                    double decayed = round(param, v[i] * mu);
                    v[i] = round(param, decayed + round(param, g * oneMinusDampening)); // v = mu v + (1 - d) g
                }
                g = step.nesterov() ? round(param, g + round(param, v[i] * mu)) : v[i]; // g + mu v, or v
            }
            w[i] = round(param, w[i] + round(param, g * minusLr));               // w = w - lr g
        }
    }

    @Override
    public void adamStep(AdamStep step, Strided param, Strided grad, Strided expAvg, Strided expAvgSq,
            Strided maxExpAvgSq) {
        double[] w = values(param);
        double[] gr = values(grad);
        double[] m = values(expAvg);
        double[] v = values(expAvgSq);
        double decay = round(param, step.decayFactor());
        double wd = round(param, step.weightDecay());
        double beta1 = round(param, step.beta1());
        double oneMinusBeta1 = round(param, 1 - step.beta1());
        double beta2 = round(param, step.beta2());
        double oneMinusBeta2 = round(param, 1 - step.beta2());
        double bc2Sqrt = round(param, step.biasCorrection2Sqrt());
        double eps = round(param, step.eps());
        double minusStepSize = round(param, -step.stepSize());
        for (int i = 0; i < param.numel(); i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (step.decoupled()) {
                w[i] = round(param, w[i] * decay);                                // AdamW: w = (1 - lr wd) w
            } else if (step.l2Penalty()) {
                g = round(param, g + round(param, w[i] * wd));                   // Adam: g + wd w
            }
            m[i] = round(param, round(param, m[i] * beta1) + round(param, g * oneMinusBeta1));
            v[i] = round(param, round(param, v[i] * beta2) + round(param, round(param, g * oneMinusBeta2) * g));
            double second = v[i];
            if (step.amsgrad()) {
                double[] vmax = values(maxExpAvgSq);
                vmax[i] = Math.max(vmax[i], v[i]);                                // vmax = max(vmax, v)
                second = vmax[i];
            }
            double denom = round(param, round(param, round(param, Math.sqrt(second)) / bc2Sqrt) + eps);
            w[i] = round(param, w[i] + round(param, round(param, m[i] * minusStepSize) / denom));
        }
    }

    @Override
    public void rmspropStep(RmspropStep step, Strided param, Strided grad, Strided squareAvg, Strided gradAvg,
            Strided momentumBuffer) {
        double[] w = values(param);
        double[] gr = values(grad);
        double[] s = values(squareAvg);
        double wd = round(param, step.weightDecay());
        double alpha = round(param, step.alpha());
        double oneMinusAlpha = round(param, 1 - step.alpha());
        double eps = round(param, step.eps());
        double mu = round(param, step.momentum());
        double minusLr = round(param, -step.lr());
        for (int i = 0; i < param.numel(); i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (step.weightDecay() != 0) {
                g = round(param, g + round(param, w[i] * wd));                   // g + wd w
            }
            s[i] = round(param, round(param, s[i] * alpha) + round(param, round(param, g * oneMinusAlpha) * g));
            double d;
            if (step.centered()) {
                double[] a = values(gradAvg);
                a[i] = round(param, round(param, a[i] * alpha) + round(param, g * oneMinusAlpha));
                d = round(param, round(param, Math.sqrt(round(param, s[i] + round(param, -a[i] * a[i])))) + eps);
            } else {
                d = round(param, round(param, Math.sqrt(s[i])) + eps);
            }
            if (step.usesMomentum()) {
                double[] b = values(momentumBuffer);
                b[i] = round(param, round(param, b[i] * mu) + round(param, g / d));   // b = mu b + g / d
                w[i] = round(param, w[i] + round(param, b[i] * minusLr));             // w = w - lr b
            } else {
                w[i] = round(param, w[i] + round(param, round(param, g * minusLr) / d)); // w = w - lr g / d
            }
        }
    }

    @Override
    public void adagradStep(AdagradStep step, Strided param, Strided grad, Strided sum) {
        double[] w = values(param);
        double[] gr = values(grad);
        double[] s = values(sum);
        double wd = round(param, step.weightDecay());
        double eps = round(param, step.eps());
        double minusClr = round(param, -step.clr());
        for (int i = 0; i < param.numel(); i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (step.weightDecay() != 0) {
                g = round(param, g + round(param, w[i] * wd));                   // g + wd w
            }
            s[i] = round(param, s[i] + round(param, g * g));                     // s = s + g^2
            double std = round(param, round(param, Math.sqrt(s[i])) + eps);
            w[i] = round(param, w[i] + round(param, round(param, g * minusClr) / std)); // w = w - clr g / std
        }
    }
}
