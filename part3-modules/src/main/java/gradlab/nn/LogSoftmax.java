package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.tensor.Tensor;

/** x_i - log sum_j e^(x_j) along dim (log-probabilities; pair it with NLLLoss) (PyTorch's {@code nn.LogSoftmax}); see {@link Activations#logSoftmax}. */
public final class LogSoftmax extends Module {
    private final int dim;

    /** Along {@code dim} (negative counts from the end; the class dim of [N, C] is 1 or -1). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.logSoftmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
