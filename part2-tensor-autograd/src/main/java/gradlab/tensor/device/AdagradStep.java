package gradlab.tensor.device;

/**
 * The hyper-parameters of one fused Adagrad update ({@link Device#adagradStep}), as in PyTorch's
 * {@code torch.optim.Adagrad} (1.13, {@code _single_tensor_adagrad}). Per element, at step t, with every intermediate
 * rounded to the parameter's dtype:
 *
 * <pre>
 *   g = -g                                   if maximize
 *   g = g + w * weightDecay                  if weightDecay != 0
 *   s = s + g * g
 *   w = w + (g * (-clr)) / (sqrt(s) + eps)   clr = lr / (1 + (t - 1) * lrDecay)
 * </pre>
 *
 * @param lr          learning rate
 * @param lrDecay     learning-rate decay per step
 * @param weightDecay L2 penalty folded into the gradient
 * @param eps         added to the denominator, outside the square root
 * @param maximize    ascend instead of descend
 * @param step        t, the number of this step (1 on the first)
 */
public record AdagradStep(double lr, double lrDecay, double weightDecay, double eps, boolean maximize, double step) {

    /** The decayed learning rate lr / (1 + (t - 1) * lrDecay). */
    public double clr() {
        return lr / (1 + (step - 1) * lrDecay);
    }
}
