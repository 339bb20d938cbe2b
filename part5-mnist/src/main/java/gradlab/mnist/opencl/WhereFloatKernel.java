package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[i] = cond[i] != 0 ? a[i] : b[i] on float32 (all four compact, one shape).
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class WhereFloatKernel extends Kernel {
    float[] cond = new float[1];
    float[] a = new float[1];
    float[] b = new float[1];
    float[] out = new float[1];
    int n;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            out[i] = cond[i] != 0 ? a[i] : b[i];
        }
    }
}
