package gradlab.gradcheck.examples;

import gradlab.gradcheck.TwiceDifferentiable;

/**
 * z = x * y elementwise (same shapes):
 * <pre>
 *   dx = g y        dy = g x
 * </pre>
 * Second order, for L = sum(ggx * g * y + ggy * g * x): dL/dx = ggy g, dL/dy = ggx g, dL/dg = ggx y + ggy x.
 */
public final class ElementwiseProduct implements TwiceDifferentiable {

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public double[] forward(double[][] inputs) {
        double[] x = inputs[0];
        double[] y = inputs[1];
        requireSameLength(x, y);
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = x[j] * y[j];
        }
        return z;
    }

    @Override
    public double[][] backward(double[][] inputs, double[] g) {
        double[] x = inputs[0];
        double[] y = inputs[1];
        double[] dx = new double[x.length];
        double[] dy = new double[y.length];
        for (int j = 0; j < x.length; j++) {
            dx[j] = g[j] * y[j];
            dy[j] = g[j] * x[j];
        }
        return new double[][] {dx, dy};
    }

    @Override
    public double[][] doubleBackward(double[][] inputs, double[] g, double[][] gg) {
        double[] x = inputs[0];
        double[] y = inputs[1];
        double[] dx = new double[x.length];
        double[] dy = new double[y.length];
        double[] dg = new double[g.length];
        for (int j = 0; j < x.length; j++) {
            dx[j] = gg[1][j] * g[j];
            dy[j] = gg[0][j] * g[j];
            dg[j] = gg[0][j] * y[j] + gg[1][j] * x[j];
        }
        return new double[][] {dx, dy, dg};
    }

    private static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " elements but y has " + y.length
                    + "; the elementwise product needs inputs of the same shape");
        }
    }
}
