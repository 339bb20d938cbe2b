package gradlab.tensor.device;

/**
 * The hyper-parameters of one fused Adam or AdamW update ({@link Device#adamStep}), as in PyTorch's
 * {@code torch.optim.Adam} and {@code AdamW} (1.13, {@code _single_tensor_adam(w)}). Per element, at step t, with every
 * intermediate rounded to the parameter's dtype:
 *
 * <pre>
 *   g    = -g                                  if maximize
 *   w    = w * (1 - lr * weightDecay)          if decoupled (AdamW)
 *   g    = g + w * weightDecay                 if !decoupled and weightDecay != 0 (Adam's L2 penalty)
 *   m    = m * beta1 + g * (1 - beta1)
 *   v    = v * beta2 + (g * (1 - beta2)) * g
 *   vmax = max(vmax, v)                        if amsgrad; then vmax stands for v below
 *   d    = sqrt(v) / sqrt(1 - beta2^t) + eps
 *   w    = w + (m * (-stepSize)) / d           stepSize = lr / (1 - beta1^t)
 * </pre>
 *
 * <p>The scalars ({@link #stepSize()}, {@link #biasCorrection2Sqrt()}, ...) are computed here once, in double, so
 * every device uses the same ones.
 *
 * @param lr          learning rate
 * @param beta1       decay of the running average of g (m)
 * @param beta2       decay of the running average of g^2 (v)
 * @param eps         added to the denominator after bias correction
 * @param weightDecay Adam: L2 penalty in the gradient; AdamW: decoupled decay of w
 * @param decoupled   AdamW's decoupled weight decay instead of Adam's L2 penalty
 * @param amsgrad     divide by the largest v so far (needs the maxExpAvgSq buffer)
 * @param maximize    ascend instead of descend
 * @param step        t, the number of this step (1 on the first)
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
        boolean amsgrad, boolean maximize, double step) {

    /** lr / (1 - beta1^t). */
    public double stepSize() {
        return lr / (1 - Math.pow(beta1, step));
    }

    /** sqrt(1 - beta2^t). */
    public double biasCorrection2Sqrt() {
        return Math.sqrt(1 - Math.pow(beta2, step));
    }

    /** AdamW's factor on w, 1 - lr * weightDecay (1 for Adam). */
    public double decayFactor() {
        return decoupled ? 1 - lr * weightDecay : 1;
    }

    /** Whether Adam (not AdamW) adds weightDecay * w to the gradient. */
    public boolean l2Penalty() {
        return !decoupled && weightDecay != 0;
    }
}
