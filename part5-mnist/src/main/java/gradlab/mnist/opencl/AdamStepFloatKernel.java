package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * One fused, in-place Adam or AdamW update on float32 ({@link gradlab.tensor.device.AdamStep} has the formula): per
 * element, g = -g if maximize; AdamW w = w (1 - lr wd) or Adam g = g + w wd; m = m b1 + g (1 - b1);
 * v = v b2 + (g (1 - b2)) g; vmax = max(vmax, v) with amsgrad; d = sqrt(v) / sqrt(1 - b2^t) + eps;
 * w = w + (m (-stepSize)) / d. The parameter, m, v and vmax are read and written in place; the scalars arrive
 * rounded to float32 (the bias corrections computed once, in double, on the host), the options as 0/1 flags.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class AdamStepFloatKernel extends Kernel {
    float[] param = new float[1];
    float[] grad = new float[1];
    float[] expAvg = new float[1];
    float[] expAvgSq = new float[1];
    float[] maxExpAvgSq = new float[1];
    int n;
    float decayFactor;
    float weightDecay;
    float beta1;
    float oneMinusBeta1;
    float beta2;
    float oneMinusBeta2;
    float biasCorrection2Sqrt;
    float eps;
    float minusStepSize;
    int decoupled;
    int l2Penalty;
    int amsgrad;
    int maximize;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            float g = grad[i];
            if (maximize != 0) {
                g = -g;
            }
            float w = param[i];
            if (decoupled != 0) {
                w = w * decayFactor;                                 // AdamW: w = (1 - lr wd) w
            } else if (l2Penalty != 0) {
                g = g + w * weightDecay;                             // Adam: g + wd w
            }
            float m = expAvg[i] * beta1 + g * oneMinusBeta1;         // m = b1 m + (1 - b1) g
            float v = expAvgSq[i] * beta2 + g * oneMinusBeta2 * g;   // v = b2 v + (1 - b2) g^2
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (amsgrad != 0) {
                v = maxNan(maxExpAvgSq[i], v);                       // vmax = max(vmax, v)
                maxExpAvgSq[i] = v;
            }
            float denom = sqrt(v) / biasCorrection2Sqrt + eps;
            param[i] = w + m * minusStepSize / denom;                // w = w - stepSize m / denom
        }
    }

    /** Java's Math.max: NaN if either is NaN, and +0 above -0 (OpenCL's fmax ignores NaN). */
    private float maxNan(float x, float y) {
        float r = x > y ? x : y;
        if (x != x || y != y) {
            r = x + y;
        } else if (x == y) {
            r = x == 0 ? x + y : x; // (+0) + (-0) = +0
        }
        return r;
    }
}
