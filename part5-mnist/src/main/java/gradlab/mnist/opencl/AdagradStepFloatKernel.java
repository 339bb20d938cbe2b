package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * One fused, in-place Adagrad update on float32 ({@link gradlab.tensor.device.AdagradStep} has the formula): per
 * element, g = -g if maximize; g = g + w wd; s = s + g g; w = w + (g (-clr)) / (sqrt(s) + eps). The parameter and the
 * sum s are read and written in place; the scalars arrive rounded to float32 (clr computed on the host), the options
 * as 0/1 flags.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class AdagradStepFloatKernel extends Kernel {
    float[] param = new float[1];
    float[] grad = new float[1];
    float[] squareSum = new float[1];
    int n;
    float weightDecay;
    float eps;
    float minusClr;
    int decay;
    int maximize;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            float g = grad[i];
            if (maximize != 0) {
                g = -g;
            }
            if (decay != 0) {
                g = g + param[i] * weightDecay;                      // g + wd w
            }
            float s = squareSum[i] + g * g;                          // s = s + g^2
            squareSum[i] = s;
            param[i] = param[i] + g * minusClr / (sqrt(s) + eps);    // w = w - clr g / (sqrt(s) + eps)
        }
    }
}
