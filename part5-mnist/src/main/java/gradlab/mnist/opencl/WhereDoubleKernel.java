package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[i] = cond[i] != 0 ? a[i] : b[i] on float64 (all four compact, one shape).
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class WhereDoubleKernel extends Kernel {
    double[] cond = new double[1];
    double[] a = new double[1];
    double[] b = new double[1];
    double[] out = new double[1];
    int n;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            out[i] = cond[i] != 0 ? a[i] : b[i];
        }
    }
}
