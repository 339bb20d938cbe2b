package gradlab.tensor.testing;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain, obviously correct forward values for the op catalogue, written with loops over {@code double[]} and explicit
 * index arithmetic. Nothing here calls the engine ({@code Tensor}, kernels, devices), so a forward that is wrong but
 * consistent with its own backward (which gradcheck cannot see) disagrees with this.
 *
 * <p>An {@link Nd} is a shape and its values in row-major order: element (i0, ..., ik) sits at
 * {@code sum_d i_d * stride_d} with {@code stride_d = shape[d+1] * ... * shape[k]}.
 */
final class PlainReference {
    private PlainReference() {
    }

    /** A plain n-d array: a shape and its values in row-major order. */
    record Nd(int[] shape, double[] values) {
        Nd {
            if (numel(shape) != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel(shape)
                        + " values, got " + values.length);
            }
        }

        int rank() {
            return shape.length;
        }

        double at(int[] index) {
            return values[flat(shape, index)];
        }

        @Override
        public String toString() {
            return Arrays.toString(shape) + " " + Arrays.toString(values);
        }
    }

    /** The reference of one catalogue entry: its inputs (row-major, the case's shapes) to its output. */
    @FunctionalInterface
    interface Reference {
        Nd apply(Nd... in);
    }

    // ---- index arithmetic --------------------------------------------------------------------------------------

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** Row-major position of an index. */
    static int flat(int[] shape, int[] index) {
        int f = 0;
        for (int d = 0; d < shape.length; d++) {
            f = f * shape[d] + index[d];
        }
        return f;
    }

    /** The index of row-major position f (the reverse of {@link #flat}). */
    static int[] unflat(int[] shape, int f) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = f % shape[d];
            f /= shape[d];
        }
        return index;
    }

    // ---- elementwise and broadcasting ---------------------------------------------------------------------------

    static Nd map(Nd x, DoubleUnaryOperator f) {
        double[] out = new double[x.values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x.values[i]);
        }
        return new Nd(x.shape.clone(), out);
    }

    /** NumPy's rule: align shapes on the right; each pair of dims must be equal or one of them 1. */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) >= 0 ? a[d - (rank - a.length)] : 1;
            int db = d - (rank - b.length) >= 0 ? b[d - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes do not broadcast: " + Arrays.toString(a) + " and "
                        + Arrays.toString(b));
            }
            out[d] = Math.max(da, db);
        }
        return out;
    }

    /**
     * The index into an input of shape {@code own} that output index {@code outIndex} of a broadcast reads: shapes
     * align on the right, so leading output dims are dropped, and a size-1 dim reads index 0.
     */
    static int[] broadcastIndex(int[] own, int[] outIndex) {
        int lead = outIndex.length - own.length;
        int[] index = new int[own.length];
        for (int d = 0; d < own.length; d++) {
            index[d] = own[d] == 1 ? 0 : outIndex[lead + d];
        }
        return index;
    }

    /** The value of x at output index {@code outIndex} of a broadcast. */
    static double broadcastAt(Nd x, int[] outIndex) {
        return x.at(broadcastIndex(x.shape, outIndex));
    }

    static Nd broadcastTo(Nd x, int[] shape) {
        double[] out = new double[numel(shape)];
        for (int f = 0; f < out.length; f++) {
            out[f] = broadcastAt(x, unflat(shape, f));
        }
        return new Nd(shape.clone(), out);
    }

    static Nd binary(Nd a, Nd b, DoubleBinaryOperator f) {
        int[] shape = broadcastShape(a.shape, b.shape);
        double[] out = new double[numel(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unflat(shape, i);
            out[i] = f.applyAsDouble(broadcastAt(a, index), broadcastAt(b, index));
        }
        return new Nd(shape, out);
    }

    /** where(mask, a, b): a where the mask is non-zero, else b, all three broadcast together. */
    static Nd where(Nd mask, Nd a, Nd b) {
        int[] shape = broadcastShape(mask.shape, broadcastShape(a.shape, b.shape));
        double[] out = new double[numel(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unflat(shape, i);
            out[i] = broadcastAt(mask, index) != 0 ? broadcastAt(a, index) : broadcastAt(b, index);
        }
        return new Nd(shape, out);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)), the Maclaurin series, summed until the terms stop
     * mattering: independent of the kernel's library erf. The terms alternate and grow to ~16 at |x| = 2.5 (the
     * catalogue's range) before they shrink, so cancellation leaves an error of ~1e-14 there (~1e-13 at |x| = 3),
     * well inside the catalogue's 1e-12; beyond |x| = 4 it is no reference at all.
     */
    static double erf(double x) {
        double sum = 0;
        double power = x;   // (-1)^n x^(2n+1) / n!
        for (int n = 0; n < 200; n++) {
            double term = power / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
            power *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    // ---- reductions -----------------------------------------------------------------------------------------------

    /** Combines the values of one group (those that reduce to the same output element), in row-major order. */
    @FunctionalInterface
    interface Reducer {
        double reduce(double[] group);
    }

    /**
     * Reduces over {@code dims} (all dims if empty): every input element goes to the group of the output index that
     * has its coordinates with the reduced dims set to 0.
     */
    static Nd reduce(Nd x, int[] dims, boolean keepdim, Reducer r) {
        boolean[] reduced = reducedMask(x.rank(), dims);
        int[] kept = new int[x.rank()];
        for (int d = 0; d < x.rank(); d++) {
            kept[d] = reduced[d] ? 1 : x.shape[d];
        }
        int groups = numel(kept);
        int perGroup = x.values.length / groups;
        double[][] members = new double[groups][perGroup];
        int[] filled = new int[groups];
        for (int f = 0; f < x.values.length; f++) {
            int[] index = unflat(x.shape, f);
            for (int d = 0; d < x.rank(); d++) {
                if (reduced[d]) {
                    index[d] = 0;
                }
            }
            int g = flat(kept, index);
            members[g][filled[g]++] = x.values[f];
        }
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) {
            out[g] = r.reduce(members[g]);
        }
        return new Nd(keepdim ? kept : dropDims(x.shape, reduced), out);
    }

    static boolean[] reducedMask(int rank, int[] dims) {
        boolean[] reduced = new boolean[rank];
        if (dims.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int d : dims) {
            reduced[d] = true;
        }
        return reduced;
    }

    static int[] dropDims(int[] shape, boolean[] drop) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> !drop[d]).map(d -> shape[d]).toArray();
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    static double mean(double[] v) {
        return sum(v) / v.length;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);   // Math.max propagates NaN
        }
        return m;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** Unbiased: sum (x - mean)^2 / (n - 1). */
    static double var(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    /** m + log sum exp(x - m), m the max. */
    static double logSumExp(double[] v) {
        double m = max(v);
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - m);
        }
        return m + Math.log(s);
    }

    /** Index of the largest value, the first one on ties (NaN counts as the largest, as in PyTorch). */
    static double argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (Double.isNaN(v[best])) {
                break;
            }
            if (v[i] > v[best] || Double.isNaN(v[i])) {
                best = i;
            }
        }
        return best;
    }

    /** Applies f to every line of x along dim (a 1-D row of x.shape[dim] values) and writes the result back. */
    static Nd alongDim(Nd x, int dim, java.util.function.UnaryOperator<double[]> f) {
        double[] out = new double[x.values.length];
        int n = x.shape[dim];
        for (int f0 = 0; f0 < x.values.length; f0++) {
            int[] start = unflat(x.shape, f0);
            if (start[dim] != 0) {
                continue;   // visit each line once, from its first element
            }
            double[] line = new double[n];
            int[] index = start.clone();
            for (int i = 0; i < n; i++) {
                index[dim] = i;
                line[i] = x.at(index);
            }
            double[] result = f.apply(line);
            for (int i = 0; i < n; i++) {
                index[dim] = i;
                out[flat(x.shape, index)] = result[i];
            }
        }
        return new Nd(x.shape.clone(), out);
    }

    /** exp(x - max) / sum exp(x - max). */
    static double[] softmax(double[] line) {
        double m = max(line);
        double[] e = new double[line.length];
        double s = 0;
        for (int i = 0; i < line.length; i++) {
            e[i] = Math.exp(line[i] - m);
            s += e[i];
        }
        for (int i = 0; i < line.length; i++) {
            e[i] /= s;
        }
        return e;
    }

    /** x - logSumExp(x). */
    static double[] logSoftmax(double[] line) {
        double lse = logSumExp(line);
        double[] out = new double[line.length];
        for (int i = 0; i < line.length; i++) {
            out[i] = line[i] - lse;
        }
        return out;
    }

    // ---- linear algebra ---------------------------------------------------------------------------------------

    /** C[i][j] = sum_p A[i][p] B[p][j], three loops. */
    static Nd mm(Nd a, Nd b) {
        int n = a.shape[0];
        int k = a.shape[1];
        int m = b.shape[1];
        if (b.shape[0] != k) {
            throw new IllegalArgumentException("mm " + Arrays.toString(a.shape) + " x " + Arrays.toString(b.shape));
        }
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.values[i * k + p] * b.values[p * m + j];
                }
                c[i * m + j] = s;
            }
        }
        return new Nd(new int[] {n, m}, c);
    }

    /**
     * PyTorch's matmul: 1-D x 1-D is a dot product; a 1-D left (right) argument is a row (column) whose dim is removed
     * afterwards; otherwise a product per batch index, the batch dims broadcast.
     */
    static Nd matmul(Nd a, Nd b) {
        boolean rowVector = a.rank() == 1;
        boolean columnVector = b.rank() == 1;
        int[] as = rowVector ? new int[] {1, a.shape[0]} : a.shape;
        int[] bs = columnVector ? new int[] {b.shape[0], 1} : b.shape;
        int n = as[as.length - 2];
        int k = as[as.length - 1];
        int m = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("matmul " + Arrays.toString(a.shape) + " x " + Arrays.toString(b.shape));
        }
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = broadcastShape(aBatch, bBatch);
        int batches = numel(batch);
        double[] out = new double[batches * n * m];
        for (int t = 0; t < batches; t++) {
            int[] bi = unflat(batch, t);
            int aStart = flat(aBatch, broadcastIndex(aBatch, bi)) * n * k;
            int bStart = flat(bBatch, broadcastIndex(bBatch, bi)) * k * m;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a.values[aStart + i * k + p] * b.values[bStart + p * m + j];
                    }
                    out[t * n * m + i * m + j] = s;
                }
            }
        }
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = n;
        shape[batch.length + 1] = m;
        if (rowVector) {
            shape = removeDim(shape, shape.length - 2);
        }
        if (columnVector) {
            shape = removeDim(shape, shape.length - 1);
        }
        return new Nd(shape, out);
    }

    static int[] removeDim(int[] shape, int dim) {
        int[] out = new int[shape.length - 1];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != dim) {
                out[j++] = shape[d];
            }
        }
        return out;
    }

    static int[] insertDim(int[] shape, int dim, int size) {
        int[] out = new int[shape.length + 1];
        for (int d = 0, j = 0; d < out.length; d++) {
            out[d] = d == dim ? size : shape[j++];
        }
        return out;
    }

    // ---- joining and indexing -----------------------------------------------------------------------------------

    /** Joins along dim: output index i along dim comes from a if i &lt; a.shape[dim], else from b at i - that. */
    static Nd cat(Nd a, Nd b, int dim) {
        int[] shape = a.shape.clone();
        shape[dim] = a.shape[dim] + b.shape[dim];
        double[] out = new double[numel(shape)];
        for (int f = 0; f < out.length; f++) {
            int[] index = unflat(shape, f);
            if (index[dim] < a.shape[dim]) {
                out[f] = a.at(index);
            } else {
                index[dim] -= a.shape[dim];
                out[f] = b.at(index);
            }
        }
        return new Nd(shape, out);
    }

    /** Stacks equal shapes along a new dim: out[.., t, ..] = inputs[t]. */
    static Nd stack(Nd a, Nd b, int dim) {
        int[] shape = insertDim(a.shape, dim, 2);
        double[] out = new double[numel(shape)];
        for (int f = 0; f < out.length; f++) {
            int[] index = unflat(shape, f);
            int[] inner = unflat(a.shape, 0);
            for (int d = 0, j = 0; d < shape.length; d++) {
                if (d != dim) {
                    inner[j++] = index[d];
                }
            }
            out[f] = (index[dim] == 0 ? a : b).at(inner);
        }
        return new Nd(shape, out);
    }

    /** out[i][j] = x[index[i][j]][j] for dim 0 (the index replaces the coordinate along dim). */
    static Nd gather(Nd x, int dim, Nd index) {
        double[] out = new double[index.values.length];
        for (int f = 0; f < out.length; f++) {
            int[] at = unflat(index.shape, f);
            at[dim] = (int) index.values[f];
            out[f] = x.at(at);
        }
        return new Nd(index.shape.clone(), out);
    }

    /** The slices of x at positions index[0], index[1], ... along dim. */
    static Nd indexSelect(Nd x, int dim, Nd index) {
        int[] shape = x.shape.clone();
        shape[dim] = index.values.length;
        double[] out = new double[numel(shape)];
        for (int f = 0; f < out.length; f++) {
            int[] at = unflat(shape, f);
            at[dim] = (int) index.values[at[dim]];
            out[f] = x.at(at);
        }
        return new Nd(shape, out);
    }

    /** A copy of self with src[i][j] added at [index[i][j]][j] for dim 0. */
    static Nd scatterAdd(Nd self, int dim, Nd index, Nd src) {
        double[] out = self.values.clone();
        for (int f = 0; f < src.values.length; f++) {
            int[] at = unflat(src.shape, f);
            at[dim] = (int) index.values[f];
            out[flat(self.shape, at)] += src.values[f];
        }
        return new Nd(self.shape.clone(), out);
    }

    // ---- views ------------------------------------------------------------------------------------------------------

    /** Output dim i is input dim perm[i]: out[i0, i1, ...] = x[j] with j[perm[i]] = i_i. */
    static Nd permute(Nd x, int... perm) {
        int[] shape = new int[x.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = x.shape[perm[i]];
        }
        double[] out = new double[x.values.length];
        for (int f = 0; f < out.length; f++) {
            int[] index = unflat(shape, f);
            int[] source = new int[x.rank()];
            for (int i = 0; i < shape.length; i++) {
                source[perm[i]] = index[i];
            }
            out[f] = x.at(source);
        }
        return new Nd(shape, out);
    }

    static Nd transpose(Nd x, int d0, int d1) {
        int[] perm = java.util.stream.IntStream.range(0, x.rank()).toArray();
        perm[d0] = d1;
        perm[d1] = d0;
        return permute(x, perm);
    }

    /** Same values in the same (row-major) order under a new shape: reshape, view, squeeze, unsqueeze. */
    static Nd reshape(Nd x, int... shape) {
        return new Nd(shape.clone(), x.values.clone());
    }

    /** The slice at position i of dim, that dim removed. */
    static Nd select(Nd x, int dim, int i) {
        return reshape(slice(x, dim, i, i + 1, 1), removeDim(x.shape, dim));
    }

    /** Positions start, start + step, ... (below end) of dim. */
    static Nd slice(Nd x, int dim, int start, int end, int step) {
        int[] shape = x.shape.clone();
        shape[dim] = Math.max(0, (end - start + step - 1) / step);
        double[] out = new double[numel(shape)];
        for (int f = 0; f < out.length; f++) {
            int[] index = unflat(shape, f);
            index[dim] = start + index[dim] * step;
            out[f] = x.at(index);
        }
        return new Nd(shape, out);
    }
}
