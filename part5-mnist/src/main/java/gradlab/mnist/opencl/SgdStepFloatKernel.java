package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * One fused, in-place SGD update on float32 ({@link gradlab.tensor.device.SgdStep} has the formula): per element,
 * g = -g if maximize; g = g + w wd; with momentum v = g on the first step, else v = v mu + g (1 - dampening), then
 * g = g + v mu (Nesterov) or g = v; finally w = w + g (-lr). The parameter and the momentum buffer are read and
 * written in place; the scalars arrive rounded to float32, the options as 0/1 flags.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class SgdStepFloatKernel extends Kernel {
    float[] param = new float[1];
    float[] grad = new float[1];
    float[] momentumBuffer = new float[1];
    int n;
    float weightDecay;
    float momentum;
    float oneMinusDampening;
    float minusLr;
    int decay;
    int useMomentum;
    int nesterov;
    int maximize;
    int firstStep;

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
            if (useMomentum != 0) {
                float v = g;                                         // v = g on the first step
                if (firstStep == 0) {
                    v = momentumBuffer[i] * momentum + g * oneMinusDampening; // v = mu v + (1 - dampening) g
                }
                momentumBuffer[i] = v;
                if (nesterov != 0) {
                    g = g + v * momentum;
                } else {
                    g = v;
                }
            }
            param[i] = param[i] + g * minusLr;                       // w = w - lr g
        }
    }
}
