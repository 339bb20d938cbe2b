package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.tensor.Tensor;

/** s(x) = 1 / (1 + e^-x), elementwise (PyTorch's {@code nn.Sigmoid}); see {@link Activations#sigmoid}. */
public final class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.sigmoid(input);
    }
}
