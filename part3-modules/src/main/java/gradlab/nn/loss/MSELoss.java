package gradlab.nn.loss;

import gradlab.nn.functional.Losses;
import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;

/** Squared error (x - y)^2 per element, reduced: for regression (PyTorch's {@code nn.MSELoss}); see {@link Losses#mseLoss(Tensor, Tensor, Reduction)}. */
public final class MSELoss extends Loss {

    /** Mean over elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target, reduction());
    }
}
