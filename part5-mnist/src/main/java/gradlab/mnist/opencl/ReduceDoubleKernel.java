package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * Sum, max or min of a compact float64 tensor {@code in} over the dims flagged in {@link #reduced} (keepdim layout:
 * out has size 1 there). NaN wins max and min, as in PyTorch.
 *
 * <p>Work-group layout: one work item per <em>output</em> element, 1-D groups of {@link OpenClDevice#GROUP} items
 * (global size rounded up, the extra items do nothing). Work item o finds its input elements by splitting o into
 * indices over the kept dims and then counting through the reduced dims in row-major order, so it adds them in the
 * same order as the reference device. No two work items write the same element, so no atomics are needed.
 */
public final class ReduceDoubleKernel extends Kernel {
    double[] in = new double[1];
    double[] out = new double[1];
    /** in's shape, row-major strides and 1 for each reduced dim (arrays of length max(rank, 1)). */
    int[] shape = new int[1];
    int[] strides = new int[1];
    int[] reduced = new int[1];
    int rank;
    /** Number of output elements, and of input elements per output element. */
    int n;
    int count;
    int op;
    /** The start value: 0 for sum, -inf for max, +inf for min. */
    double init;

    @Override
    public void run() {
        int o = getGlobalId();
        if (o < n) {
            int base = 0;
            int rest = o;
            for (int d = rank - 1; d >= 0; d--) {
                if (reduced[d] == 0) {
                    base += (rest % shape[d]) * strides[d];
                    rest = rest / shape[d];
                }
            }
            double acc = init;
            for (int r = 0; r < count; r++) {
                int at = base;
                int left = r;
                for (int d = rank - 1; d >= 0; d--) {
                    if (reduced[d] != 0) {
                        at += (left % shape[d]) * strides[d];
                        left = left / shape[d];
                    }
                }
                double x = in[at];
                if (op == OpCodes.SUM) {
                    acc = acc + x;
                } else if (op == OpCodes.MAX) {
                    acc = x > acc || x != x || acc != acc ? (acc != acc ? acc : x) : acc;
                } else {
                    acc = x < acc || x != x || acc != acc ? (acc != acc ? acc : x) : acc;
                }
            }
            out[o] = acc;
        }
    }
}
