package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[..., index[..., j, ...], ...] += src[..., j, ...] along {@link #dim} on float64 (src and index share a shape,
 * which may be smaller than out's in every dim).
 *
 * <p>Work-group layout: one work item per <em>output</em> element, 1-D groups of {@link OpenClDevice#GROUP} items
 * (global size rounded up, the extra items do nothing). Several source elements can land on one output element, so
 * the work is split by destination rather than by source: work item o scans the src elements in its line along dim
 * and adds those whose index names o. Nothing races, no atomics are needed, and the sums come out in the reference
 * device's order (ascending j), so they are reproducible.
 */
public final class ScatterAddDoubleKernel extends Kernel {
    double[] src = new double[1];
    double[] index = new double[1];
    double[] out = new double[1];
    /** out's shape, src's (= index's) shape and its row-major strides (arrays of length max(rank, 1)). */
    int[] outShape = new int[1];
    int[] srcShape = new int[1];
    int[] srcStrides = new int[1];
    int rank;
    int dim;
    int n;

    @Override
    public void run() {
        int o = getGlobalId();
        if (o < n) {
            int rest = o;
            int base = 0;
            int inside = 1;
            int target = 0;
            for (int d = rank - 1; d >= 0; d--) {
                int c = rest % outShape[d];
                rest = rest / outShape[d];
                if (d == dim) {
                    target = c;
                } else {
                    if (c >= srcShape[d]) {
                        inside = 0;
                    }
                    base += c * srcStrides[d];
                }
            }
            if (inside == 1) {
                double v = out[o];
                for (int j = 0; j < srcShape[dim]; j++) {
                    int at = base + j * srcStrides[dim];
                    int i = (int) index[at];
                    if (i < 0) {
                        i += outShape[dim];
                    }
                    if (i == target) {
                        v = v + src[at];
                    }
                }
                out[o] = v;
            }
        }
    }
}
