package gradlab.gradcheck.cli;

import gradlab.gradcheck.Differentiable;

/** An op whose class cannot even be initialised: the command line must exit 2 with a message, no stack trace. */
public final class BrokenStaticInit implements Differentiable {
    private static final double[] TABLE = build();

    private static double[] build() {
        throw new IllegalStateException("the lookup table is missing");
    }

    @Override
    public double[] forward(double[][] inputs) {
        return TABLE.clone();
    }

    @Override
    public double[][] backward(double[][] inputs, double[] gradOutput) {
        return new double[][] {TABLE.clone()};
    }
}
