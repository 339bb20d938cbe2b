package gradlab.nn;

import gradlab.nn.functional.Activations;
import gradlab.tensor.Tensor;

/** x for x &gt; 0, negativeSlope * x otherwise (PyTorch's {@code nn.LeakyReLU}, default slope 0.01). */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /** PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negativeSlope must be a finite number, got "
                    + negativeSlope + " (0.01 is the usual choice)");
        }
        this.negativeSlope = negativeSlope;
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.leakyRelu(input, negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negativeSlope=" + negativeSlope;
    }
}
