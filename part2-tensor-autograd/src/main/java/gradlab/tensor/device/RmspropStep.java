package gradlab.tensor.device;

/**
 * The hyper-parameters of one fused RMSprop update ({@link Device#rmspropStep}), as in PyTorch's
 * {@code torch.optim.RMSprop} (1.13, {@code _single_tensor_rmsprop}). Per element, with every intermediate rounded
 * to the parameter's dtype:
 *
 * <pre>
 *   g = -g                                    if maximize
 *   g = g + w * weightDecay                   if weightDecay != 0
 *   s = s * alpha + (g * (1 - alpha)) * g
 *   if centered:
 *       a = a * alpha + g * (1 - alpha)
 *       d = sqrt(s + (a * -1) * a) + eps      sqrt(s - a^2) + eps
 *   else:
 *       d = sqrt(s) + eps
 *   if momentum mu &gt; 0:
 *       b = b * mu + g / d
 *       w = w + b * (-lr)
 *   else:
 *       w = w + (g * (-lr)) / d
 * </pre>
 *
 * @param lr          learning rate
 * @param alpha       decay of the running average of g^2
 * @param eps         added to the denominator, outside the square root
 * @param weightDecay L2 penalty folded into the gradient
 * @param momentum    momentum on the normalised step (0: no momentum buffer)
 * @param centered    divide by an estimate of the variance (needs the gradAvg buffer)
 * @param maximize    ascend instead of descend
 */
public record RmspropStep(double lr, double alpha, double eps, double weightDecay, double momentum,
        boolean centered, boolean maximize) {

    /** Whether the update reads and writes a momentum buffer. */
    public boolean usesMomentum() {
        return momentum > 0;
    }
}
