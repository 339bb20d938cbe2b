package gradlab.gradcheck;

import gradlab.gradcheck.examples.MatMul;

/**
 * Ops with the classic backward bugs gradcheck exists to catch, each next to the correct formula it breaks.
 * Used by {@link GradCheckCatchesBugsTest}.
 */
final class BuggyOps {
    private BuggyOps() {
    }

    /** Y = A B with dA scaled by 1.01: a backward off by 1%. */
    static Differentiable matMulOffByOnePercent(int k) {
        MatMul ok = new MatMul(k);
        return Differentiable.of(ok::forward, (in, g) -> {
            double[][] grads = ok.backward(in, g);
            for (int j = 0; j < grads[0].length; j++) {
                grads[0][j] *= 1.01;
            }
            return grads;
        });
    }

    /**
     * Y = X W with X [n, k] and W [k, m]: dW = X^T G is [k, m], but this returns (G^T X), i.e. [m, k] read in
     * row-major order: the transposed gradient.
     */
    static Differentiable matMulTransposedWeightGradient(int n, int k, int m) {
        MatMul ok = new MatMul(k);
        return Differentiable.of(ok::forward, (in, g) -> {
            double[][] grads = ok.backward(in, g);
            double[] dw = grads[1];
            double[] transposed = new double[dw.length];
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < m; c++) {
                    transposed[c * k + r] = dw[r * m + c];
                }
            }
            return new double[][] {grads[0], transposed};
        });
    }

    /** f(x) = x sin(x) elementwise; f' = sin(x) + x cos(x), but this forgets the sin(x) term of the product rule. */
    static Differentiable productRuleMissingTerm() {
        return Differentiable.of(
                in -> map(in[0], v -> v * Math.sin(v)),
                (in, g) -> {
                    double[] dx = new double[g.length];
                    for (int j = 0; j < g.length; j++) {
                        dx[j] = g[j] * in[0][j] * Math.cos(in[0][j]);
                    }
                    return new double[][] {dx};
                });
    }

    /** f(x, y) = x^2 y elementwise; dx = 2xy g and dy = x^2 g, returned in the wrong order. */
    static Differentiable gradientsSwapped() {
        return Differentiable.of(
                in -> {
                    double[] z = new double[in[0].length];
                    for (int j = 0; j < z.length; j++) {
                        z[j] = in[0][j] * in[0][j] * in[1][j];
                    }
                    return z;
                },
                (in, g) -> {
                    double[] dx = new double[g.length];
                    double[] dy = new double[g.length];
                    for (int j = 0; j < g.length; j++) {
                        dx[j] = g[j] * 2 * in[0][j] * in[1][j];
                        dy[j] = g[j] * in[0][j] * in[0][j];
                    }
                    return new double[][] {dy, dx};
                });
    }

    /** f(x) = sum x^2 (a scalar); the gradient is 2x g, but this returns 2x whatever the upstream gradient g. */
    static Differentiable ignoresGradOutput() {
        return Differentiable.of(
                in -> {
                    double s = 0;
                    for (double v : in[0]) {
                        s += v * v;
                    }
                    return new double[] {s};
                },
                (in, g) -> new double[][] {map(in[0], v -> 2 * v)});
    }

    static double[] map(double[] x, java.util.function.DoubleUnaryOperator op) {
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            y[j] = op.applyAsDouble(x[j]);
        }
        return y;
    }
}
