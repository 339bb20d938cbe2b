package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * One fused, in-place Adagrad update on float64 ({@link gradlab.tensor.device.AdagradStep} has the formula): per
 * element, g = -g if maximize; g = g + w wd; s = s + g g; w = w + (g (-clr)) / (sqrt(s) + eps). The parameter and the
 * sum s are read and written in place; the scalars arrive as doubles (clr computed on the host), the options
 * as 0/1 flags.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class AdagradStepDoubleKernel extends Kernel {
    double[] param = new double[1];
    double[] grad = new double[1];
    double[] squareSum = new double[1];
    int n;
    double weightDecay;
    double eps;
    double minusClr;
    int decay;
    int maximize;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            double g = grad[i];
            if (maximize != 0) {
                g = -g;
            }
            if (decay != 0) {
                g = g + param[i] * weightDecay;                      // g + wd w
            }
            double s = squareSum[i] + g * g;                          // s = s + g^2
            squareSum[i] = s;
            param[i] = param[i] + g * minusClr / (sqrt(s) + eps);    // w = w - clr g / (sqrt(s) + eps)
        }
    }
}
