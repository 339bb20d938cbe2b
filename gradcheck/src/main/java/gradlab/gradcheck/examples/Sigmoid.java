package gradlab.gradcheck.examples;

import gradlab.gradcheck.TwiceDifferentiable;

/**
 * Elementwise s = 1 / (1 + exp(-x)), with its first and second derivatives:
 * <pre>
 *   d s / dx = s (1 - s)          d^2 s / dx^2 = s (1 - s) (1 - 2 s)
 * </pre>
 */
public final class Sigmoid implements TwiceDifferentiable {

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public double[] forward(double[][] inputs) {
        double[] x = inputs[0];
        double[] s = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            s[j] = 1 / (1 + Math.exp(-x[j]));
        }
        return s;
    }

    @Override
    public double[][] backward(double[][] inputs, double[] g) {
        double[] s = forward(inputs);
        double[] dx = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            dx[j] = g[j] * s[j] * (1 - s[j]);
        }
        return new double[][] {dx};
    }

    /** L = sum gg * g * s(1-s):  dL/dx = gg g s(1-s)(1-2s),  dL/dg = gg s(1-s). */
    @Override
    public double[][] doubleBackward(double[][] inputs, double[] g, double[][] gg) {
        double[] s = forward(inputs);
        double[] dx = new double[s.length];
        double[] dg = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            double ds = s[j] * (1 - s[j]);
            dx[j] = gg[0][j] * g[j] * ds * (1 - 2 * s[j]);
            dg[j] = gg[0][j] * ds;
        }
        return new double[][] {dx, dg};
    }
}
