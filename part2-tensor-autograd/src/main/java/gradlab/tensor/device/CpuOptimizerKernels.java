package gradlab.tensor.device;

/**
 * The CPU device's fused optimizer updates: one loop per optimizer and dtype over plain {@code float[]} or
 * {@code double[]} arrays, reading each element of the parameter, its gradient and its state once and writing them
 * back in place. No temporaries, and float32 stays float32: Java's float +, -, *, / and {@code (float) Math.sqrt} are
 * correctly rounded, so each line gives exactly what the op-by-op formula of {@link SgdStep}, {@link AdamStep},
 * {@link RmspropStep} and {@link AdagradStep} gives with float32 tensors (and what {@link ReferenceDevice} gives).
 *
 * <p>The scalars are rounded to the dtype once, before the loop, as a plain number in a tensor op would be. Options
 * are tested inside the loop: they are loop-invariant, so the JIT hoists the branches (loop unswitching).
 */
final class CpuOptimizerKernels {
    private CpuOptimizerKernels() {
    }

    // ---------------------------------------------------------------------------------------- SGD

    static void sgd(SgdStep step, float[] w, float[] gr, float[] v, int n) {
        float wd = (float) step.weightDecay();
        float mu = (float) step.momentum();
        float oneMinusDampening = (float) (1 - step.dampening());
        float minusLr = (float) -step.lr();
        boolean decay = step.weightDecay() != 0;
        boolean momentum = step.usesMomentum();
        for (int i = 0; i < n; i++) {
            float g = step.maximize() ? -gr[i] : gr[i];
            if (decay) {
                g = g + w[i] * wd;                                   // g + wd w
            }
            if (momentum) {
                v[i] = step.firstStep() ? g : v[i] * mu + g * oneMinusDampening; // v = g, or mu v + (1 - d) g
                g = step.nesterov() ? g + v[i] * mu : v[i];
            }
            w[i] = w[i] + g * minusLr;                               // w = w - lr g
        }
    }

    static void sgd(SgdStep step, double[] w, double[] gr, double[] v, int n) {
        double wd = step.weightDecay();
        double mu = step.momentum();
        double oneMinusDampening = 1 - step.dampening();
        double minusLr = -step.lr();
        boolean decay = step.weightDecay() != 0;
        boolean momentum = step.usesMomentum();
        for (int i = 0; i < n; i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (decay) {
                g = g + w[i] * wd;
            }
            if (momentum) {
                v[i] = step.firstStep() ? g : v[i] * mu + g * oneMinusDampening;
                g = step.nesterov() ? g + v[i] * mu : v[i];
            }
            w[i] = w[i] + g * minusLr;
        }
    }

    // ---------------------------------------------------------------------------------------- Adam, AdamW

    static void adam(AdamStep step, float[] w, float[] gr, float[] m, float[] v, float[] vmax, int n) {
        float decay = (float) step.decayFactor();
        float wd = (float) step.weightDecay();
        float beta1 = (float) step.beta1();
        float oneMinusBeta1 = (float) (1 - step.beta1());
        float beta2 = (float) step.beta2();
        float oneMinusBeta2 = (float) (1 - step.beta2());
        float bc2Sqrt = (float) step.biasCorrection2Sqrt();
        float eps = (float) step.eps();
        float minusStepSize = (float) -step.stepSize();
        boolean decoupled = step.decoupled();
        boolean l2 = step.l2Penalty();
        boolean amsgrad = step.amsgrad();
        for (int i = 0; i < n; i++) {
            float g = step.maximize() ? -gr[i] : gr[i];
            if (decoupled) {
                w[i] = w[i] * decay;                                 // AdamW: w = (1 - lr wd) w
            } else if (l2) {
                g = g + w[i] * wd;                                   // Adam: g + wd w
            }
            float mi = m[i] * beta1 + g * oneMinusBeta1;             // m = b1 m + (1 - b1) g
            float vi = v[i] * beta2 + g * oneMinusBeta2 * g;         // v = b2 v + (1 - b2) g^2
            m[i] = mi;
            v[i] = vi;
            if (amsgrad) {
                vi = Math.max(vmax[i], vi);                          // vmax = max(vmax, v)
                vmax[i] = vi;
            }
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            w[i] = w[i] + mi * minusStepSize / denom;                // w = w - stepSize m / denom
        }
    }

    static void adam(AdamStep step, double[] w, double[] gr, double[] m, double[] v, double[] vmax, int n) {
        double decay = step.decayFactor();
        double wd = step.weightDecay();
        double beta1 = step.beta1();
        double oneMinusBeta1 = 1 - step.beta1();
        double beta2 = step.beta2();
        double oneMinusBeta2 = 1 - step.beta2();
        double bc2Sqrt = step.biasCorrection2Sqrt();
        double eps = step.eps();
        double minusStepSize = -step.stepSize();
        boolean decoupled = step.decoupled();
        boolean l2 = step.l2Penalty();
        boolean amsgrad = step.amsgrad();
        for (int i = 0; i < n; i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (decoupled) {
                w[i] = w[i] * decay;
            } else if (l2) {
                g = g + w[i] * wd;
            }
            double mi = m[i] * beta1 + g * oneMinusBeta1;
            double vi = v[i] * beta2 + g * oneMinusBeta2 * g;
            m[i] = mi;
            v[i] = vi;
            if (amsgrad) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            double denom = Math.sqrt(vi) / bc2Sqrt + eps;
            w[i] = w[i] + mi * minusStepSize / denom;
        }
    }

    // ---------------------------------------------------------------------------------------- RMSprop

    static void rmsprop(RmspropStep step, float[] w, float[] gr, float[] s, float[] a, float[] b, int n) {
        float wd = (float) step.weightDecay();
        float alpha = (float) step.alpha();
        float oneMinusAlpha = (float) (1 - step.alpha());
        float eps = (float) step.eps();
        float mu = (float) step.momentum();
        float minusLr = (float) -step.lr();
        boolean decay = step.weightDecay() != 0;
        boolean centered = step.centered();
        boolean momentum = step.usesMomentum();
        for (int i = 0; i < n; i++) {
            float g = step.maximize() ? -gr[i] : gr[i];
            if (decay) {
                g = g + w[i] * wd;
            }
            float si = s[i] * alpha + g * oneMinusAlpha * g;         // s = alpha s + (1 - alpha) g^2
            s[i] = si;
            float d;
            if (centered) {
                float ai = a[i] * alpha + g * oneMinusAlpha;         // a = alpha a + (1 - alpha) g
                a[i] = ai;
                d = (float) Math.sqrt(si + -ai * ai) + eps;          // sqrt(s - a^2) + eps
            } else {
                d = (float) Math.sqrt(si) + eps;
            }
            if (momentum) {
                float bi = b[i] * mu + g / d;                        // b = mu b + g / d
                b[i] = bi;
                w[i] = w[i] + bi * minusLr;
            } else {
                w[i] = w[i] + g * minusLr / d;                       // w = w - lr g / d
            }
        }
    }

    static void rmsprop(RmspropStep step, double[] w, double[] gr, double[] s, double[] a, double[] b, int n) {
        double wd = step.weightDecay();
        double alpha = step.alpha();
        double oneMinusAlpha = 1 - step.alpha();
        double eps = step.eps();
        double mu = step.momentum();
        double minusLr = -step.lr();
        boolean decay = step.weightDecay() != 0;
        boolean centered = step.centered();
        boolean momentum = step.usesMomentum();
        for (int i = 0; i < n; i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (decay) {
                g = g + w[i] * wd;
            }
            double si = s[i] * alpha + g * oneMinusAlpha * g;
            s[i] = si;
            double d;
            if (centered) {
                double ai = a[i] * alpha + g * oneMinusAlpha;
                a[i] = ai;
                d = Math.sqrt(si + -ai * ai) + eps;
            } else {
                d = Math.sqrt(si) + eps;
            }
            if (momentum) {
                double bi = b[i] * mu + g / d;
                b[i] = bi;
                w[i] = w[i] + bi * minusLr;
            } else {
                w[i] = w[i] + g * minusLr / d;
            }
        }
    }

    // ---------------------------------------------------------------------------------------- Adagrad

    static void adagrad(AdagradStep step, float[] w, float[] gr, float[] s, int n) {
        float wd = (float) step.weightDecay();
        float eps = (float) step.eps();
        float minusClr = (float) -step.clr();
        boolean decay = step.weightDecay() != 0;
        for (int i = 0; i < n; i++) {
            float g = step.maximize() ? -gr[i] : gr[i];
            if (decay) {
                g = g + w[i] * wd;
            }
            float si = s[i] + g * g;                                 // s = s + g^2
            s[i] = si;
            w[i] = w[i] + g * minusClr / ((float) Math.sqrt(si) + eps); // w = w - clr g / (sqrt(s) + eps)
        }
    }

    static void adagrad(AdagradStep step, double[] w, double[] gr, double[] s, int n) {
        double wd = step.weightDecay();
        double eps = step.eps();
        double minusClr = -step.clr();
        boolean decay = step.weightDecay() != 0;
        for (int i = 0; i < n; i++) {
            double g = step.maximize() ? -gr[i] : gr[i];
            if (decay) {
                g = g + w[i] * wd;
            }
            double si = s[i] + g * g;
            s[i] = si;
            w[i] = w[i] + g * minusClr / (Math.sqrt(si) + eps);
        }
    }
}
