package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.nn.functional.GeluApproximation;
import gradlab.tensor.Tensor;

/**
 * GELU(x) = x Phi(x), exact by default or with the tanh approximation (PyTorch's {@code nn.GELU});
 * see {@link Activations#gelu(Tensor, GeluApproximation)}.
 */
public final class GELU extends Module {
    private final GeluApproximation approximation;

    /** The exact GELU, x/2 (1 + erf(x / sqrt 2)). */
    public GELU() {
        this(GeluApproximation.NONE);
    }

    public GELU(GeluApproximation approximation) {
        if (approximation == null) {
            throw new IllegalArgumentException("GELU: approximation is null; use GeluApproximation.NONE (exact) or TANH");
        }
        this.approximation = approximation;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.gelu(input, approximation);
    }

    @Override
    protected String extraRepr() {
        return "approximate=" + approximation.name().toLowerCase(java.util.Locale.ROOT);
    }
}
