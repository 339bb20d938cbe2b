package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.tensor.Tensor;

/** e^(x_i) / sum_j e^(x_j) along dim (PyTorch's {@code nn.Softmax}); see {@link Activations#softmax}. */
public final class Softmax extends Module {
    private final int dim;

    /** Along {@code dim} (negative counts from the end; the class dim of [N, C] is 1 or -1). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.softmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
