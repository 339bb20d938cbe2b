package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.tensor.Tensor;

/** tanh x, elementwise (PyTorch's {@code nn.Tanh}); see {@link Activations#tanh}. */
public final class Tanh extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.tanh(input);
    }
}
