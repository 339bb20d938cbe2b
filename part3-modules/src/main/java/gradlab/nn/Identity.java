package gradlab.nn;

import gradlab.tensor.Tensor;

/** Returns its input unchanged (PyTorch's {@code nn.Identity}): a placeholder, e.g. to switch a layer off. */
public final class Identity extends Module {

    /** f(x) = x, so df/dx = 1: the gradient passes through unchanged. */
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
