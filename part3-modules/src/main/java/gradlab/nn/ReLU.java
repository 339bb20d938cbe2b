package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.tensor.Tensor;

/** ReLU(x) = max(x, 0), elementwise (PyTorch's {@code nn.ReLU}); see {@link Activations#relu}. */
public final class ReLU extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.relu(input);
    }
}
