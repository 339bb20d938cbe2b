package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * Sum, max or min of a compact float64 tensor {@code in} over the dims flagged in {@link #reduced} (keepdim layout),
 * for a large reduced extent: a work-group tree reduction. NaN wins max and min, as in PyTorch.
 *
 * <p>Work-group layout: one 1-D work group of {@link #GROUP} items per <em>output</em> element, so the global size is
 * n * GROUP and group number o computes out[o]. The reduction then runs in two steps:
 * <ol>
 *   <li><b>Strided partial results.</b> Work item l of the group folds input elements l, l + GROUP, l + 2 GROUP, ...
 *       of its output's {@link #count} inputs (counted in row-major order over the reduced dims) into one value, and
 *       stores it in the group's local memory, {@code partial[l]}. A count that is not a multiple of GROUP just
 *       means some items fold one element fewer; items with none store the start value (0, -inf or +inf).</li>
 *   <li><b>Tree in local memory.</b> With s = GROUP/2, GROUP/4, ..., 1: after a barrier, item l &lt; s combines
 *       {@code partial[l]} and {@code partial[l + s]} into {@code partial[l]}. After log2(GROUP) halvings
 *       {@code partial[0]} holds the result, which item 0 writes. Every item reaches every barrier (an OpenCL
 *       rule: a barrier that only some items of a group reach hangs or is undefined).</li>
 * </ol>
 * So a sum of 60,000 elements is spread over GROUP items instead of one. The additions happen in a different order
 * than a sequential loop, so a float64 sum can differ from the reference device's in the last bits (not max or min).
 * {@link ReduceDoubleKernel}, one work item per output, stays in use for short reductions (see
 * {@link OpenClDevice#reduce}).
 */
public final class ReduceTreeDoubleKernel extends Kernel {
    /** Work items per group, a power of two (the halving needs one). */
    static final int GROUP = 128;

    double[] in = new double[1];
    double[] out = new double[1];
    /** in's shape, row-major strides and 1 for each reduced dim (arrays of length max(rank, 1)). */
    int[] shape = new int[1];
    int[] strides = new int[1];
    int[] reduced = new int[1];
    int rank;
    /** Number of input elements per output element. */
    int count;
    int op;
    /** The start value: 0 for sum, -inf for max, +inf for min. */
    double init;

    /** One partial result per work item of the group. */
    @Local
    final double[] partial = new double[GROUP];

    @Override
    public void run() {
        int o = getGroupId();
        int l = getLocalId();
        int base = 0;
        int rest = o;
        for (int d = rank - 1; d >= 0; d--) {
            if (reduced[d] == 0) {
                base += (rest % shape[d]) * strides[d];
                rest = rest / shape[d];
            }
        }
        double acc = init;
        for (int r = l; r < count; r += GROUP) {
            int at = base;
            int left = r;
            for (int d = rank - 1; d >= 0; d--) {
                if (reduced[d] != 0) {
                    at += (left % shape[d]) * strides[d];
                    left = left / shape[d];
                }
            }
            acc = combine(acc, in[at]);
        }
        partial[l] = acc;
        localBarrier();
        for (int s = GROUP / 2; s > 0; s = s / 2) {
            if (l < s) {
                partial[l] = combine(partial[l], partial[l + s]);
            }
            localBarrier();
        }
        if (l == 0) {
            out[o] = partial[0];
        }
    }

    /** a + b, or max / min with NaN winning. */
    private double combine(double a, double b) {
        double c = a + b;
        if (op == OpCodes.MAX) {
            c = a != a ? a : (b != b ? b : (b > a ? b : a));
        } else if (op == OpCodes.MIN) {
            c = a != a ? a : (b != b ? b : (b < a ? b : a));
        }
        return c;
    }
}
