package gradlab.gradcheck.examples;

import gradlab.gradcheck.Differentiable;

/**
 * A sigmoid whose backward is wrong on purpose, to show what a failing gradcheck report looks like: it returns
 * g * s instead of g * s (1 - s), the classic slip of forgetting a factor of the derivative.
 * <pre>
 *   java ... gradlab.gradcheck.cli.GradCheckCli gradlab.gradcheck.examples.BrokenSigmoid --shape 2,3
 * </pre>
 */
public final class BrokenSigmoid implements Differentiable {
    private final Sigmoid sigmoid = new Sigmoid();

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public double[] forward(double[][] inputs) {
        return sigmoid.forward(inputs);
    }

    @Override
    public double[][] backward(double[][] inputs, double[] g) {
        double[] s = forward(inputs);
        double[] dx = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            dx[j] = g[j] * s[j];   // wrong: d s / dx = s (1 - s)
        }
        return new double[][] {dx};
    }
}
