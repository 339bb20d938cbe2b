package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * Inverted dropout on float64 with the uniform draws given: mask[i] = u[i] &gt;= p ? scale : 0 with
 * scale = 1/(1 - p), out[i] = in[i] * mask[i], in one pass (see {@link gradlab.tensor.device.Device#dropout}).
 * The draws u come from the host's generator (see {@link gradlab.tensor.ops.Dropout}), so the mask is the one every
 * other device makes for the same seed; the mask is written too, for backward (grad * mask).
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class DropoutDoubleKernel extends Kernel {
    double[] in = new double[1];
    double[] uniform = new double[1];
    double[] out = new double[1];
    double[] mask = new double[1];
    int n;
    /** The drop probability and 1/(1 - p), in float64. */
    double p;
    double scale;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            double m = uniform[i] >= p ? scale : 0.0;
            mask[i] = m;
            out[i] = in[i] * m;
        }
    }
}
