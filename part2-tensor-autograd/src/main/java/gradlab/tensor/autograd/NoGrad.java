package gradlab.tensor.autograd;

/**
 * A scope in which no op records history, like PyTorch's {@code torch.no_grad()}:
 * <pre>
 *   try (var g = Tensor.noGrad()) {
 *       w.subInPlace(w.grad().mul(lr));   // an optimizer step: not part of any graph
 *   }
 * </pre>
 * Closing the scope restores whatever mode was active before, so scopes nest.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    public NoGrad() {
        previous = GradMode.isEnabled();
        GradMode.setEnabled(false);
    }

    @Override
    public void close() {
        GradMode.setEnabled(previous);
    }
}
