package gradlab.nn.loss;

import gradlab.nn.functional.Losses;
import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;

/** Absolute error |x - y| per element, reduced: for regression, less sensitive to outliers than MSE (PyTorch's {@code nn.L1Loss}); see {@link Losses#l1Loss(Tensor, Tensor, Reduction)}. */
public final class L1Loss extends Loss {

    /** Mean over elements. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target, reduction());
    }
}
