package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * One fused, in-place RMSprop update on float64 ({@link gradlab.tensor.device.RmspropStep} has the formula): per
 * element, g = -g if maximize; g = g + w wd; s = s alpha + (g (1 - alpha)) g; centered: a = a alpha + g (1 - alpha)
 * and d = sqrt(s + (-a) a) + eps, else d = sqrt(s) + eps; with momentum b = b mu + g / d and w = w + b (-lr), else
 * w = w + (g (-lr)) / d. The parameter, s, a and b are read and written in place; the scalars arrive as
 * doubles, the options as 0/1 flags.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class RmspropStepDoubleKernel extends Kernel {
    double[] param = new double[1];
    double[] grad = new double[1];
    double[] squareAvg = new double[1];
    double[] gradAvg = new double[1];
    double[] momentumBuffer = new double[1];
    int n;
    double weightDecay;
    double alpha;
    double oneMinusAlpha;
    double eps;
    double momentum;
    double minusLr;
    int decay;
    int centered;
    int useMomentum;
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
            double s = squareAvg[i] * alpha + g * oneMinusAlpha * g;  // s = alpha s + (1 - alpha) g^2
            squareAvg[i] = s;
            double d = 0.0;
            if (centered != 0) {
                double a = gradAvg[i] * alpha + g * oneMinusAlpha;    // a = alpha a + (1 - alpha) g
                gradAvg[i] = a;
                d = sqrt(s + -a * a) + eps;                          // sqrt(s - a^2) + eps
            } else {
                d = sqrt(s) + eps;
            }
            if (useMomentum != 0) {
                double b = momentumBuffer[i] * momentum + g / d;      // b = mu b + g / d
                momentumBuffer[i] = b;
                param[i] = param[i] + b * minusLr;                   // w = w - lr b
            } else {
                param[i] = param[i] + g * minusLr / d;               // w = w - lr g / d
            }
        }
    }
}
