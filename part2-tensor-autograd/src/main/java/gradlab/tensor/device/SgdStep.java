package gradlab.tensor.device;

/**
 * The hyper-parameters of one fused SGD update ({@link Device#sgdStep}), as in PyTorch's {@code torch.optim.SGD}
 * (1.13, {@code _single_tensor_sgd}). Per element, with every intermediate rounded to the parameter's dtype:
 *
 * <pre>
 *   g = -g                           if maximize
 *   g = g + w * weightDecay          if weightDecay != 0
 *   if momentum mu != 0:
 *       v = g                        if firstStep (the buffer's old contents are ignored)
 *       v = v * mu + g * (1 - dampening)     otherwise
 *       g = g + v * mu               if nesterov, else g = v
 *   w = w + g * (-lr)
 * </pre>
 *
 * @param lr          learning rate
 * @param momentum    momentum factor mu (0: no buffer is read or written)
 * @param dampening   dampening of the momentum buffer's gradient term
 * @param weightDecay L2 penalty folded into the gradient
 * @param nesterov    Nesterov's look-ahead (needs momentum &gt; 0)
 * @param maximize    ascend instead of descend
 * @param firstStep   the momentum buffer is new: it is set to g instead of updated
 */
public record SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
        boolean maximize, boolean firstStep) {

    /** Whether the update reads and writes a momentum buffer. */
    public boolean usesMomentum() {
        return momentum != 0;
    }
}
