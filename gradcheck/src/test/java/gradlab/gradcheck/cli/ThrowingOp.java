package gradlab.gradcheck.cli;

import gradlab.gradcheck.Differentiable;

/** An op whose forward fails with an internal exception, as a buggy op does: the command line must exit 2, no stack trace. */
public final class ThrowingOp implements Differentiable {
    @Override
    public double[] forward(double[][] inputs) {
        throw new IllegalStateException("index 3 out of bounds for the cache");
    }

    @Override
    public double[][] backward(double[][] inputs, double[] gradOutput) {
        return new double[][] {new double[inputs[0].length]};
    }
}
