package gradlab.optim.examples;

import gradlab.nn.Init;
import gradlab.nn.Linear;
import gradlab.nn.loss.MSELoss;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.util.List;

/**
 * The lecture's linear regression, trained three ways that give the same trajectory:
 *
 * <ol>
 *   <li>{@link #handWritten}: plain doubles, the gradient derived by hand, the update written by hand;</li>
 *   <li>{@link #autogradManualUpdate}: the loss as tensor ops, the gradient from {@code backward()}, the update
 *       by hand under {@code noGrad};</li>
 *   <li>{@link #autogradWithSgd}: as one writes it in PyTorch: a {@code Linear(2, 1, bias = false)} model, an
 *       {@code MSELoss} and the update by {@link SGD}.</li>
 * </ol>
 *
 * <p>Data: X = [[1, 40], [2, 30], [3, 20], [4, 10]] and y = X w* with w* = [2, 1], so y = [42, 34, 26, 18]. The
 * targets are exactly linear in X with no intercept, so the model is {@code yhat = X w} with no bias: adding one
 * would only add a parameter whose best value is 0. Loss and gradient:
 *
 * <pre>
 *   L(w)  = (1/n) sum_i (x_i . w - y_i)^2 = mean((X w - y)^2)
 *   dL/dw = (2/n) X^T (X w - y)
 * </pre>
 *
 * <p>Start w = [0, 0], lr = 0.0013, 1000 iterations. The loss's curvature (the Hessian (2/n) X^T X) has
 * eigenvalues about 1507 and 8.3, so lr = 0.0013 is just under the stability limit 2/1507 = 0.00133: along the
 * steep direction every step overshoots (the error flips sign and shrinks by only 4% per step), and along the flat
 * one it shrinks by 1% per step. After 1000 steps w is [2, 1] to about 1e-4.
 */
public final class LinearRegressionThreeWays {
    /** The inputs, one row per example. */
    public static final double[][] X = {{1, 40}, {2, 30}, {3, 20}, {4, 10}};
    /** The weights that generated the targets. */
    public static final double[] TRUE_W = {2, 1};
    public static final double LR = 0.0013;
    public static final int ITERATIONS = 1000;

    private LinearRegressionThreeWays() {
    }

    /** y = X w*. */
    public static double[] targets() {
        double[] y = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            y[i] = X[i][0] * TRUE_W[0] + X[i][1] * TRUE_W[1];
        }
        return y;
    }

    /** Way 1: w after each iteration (row 0 is the start), gradient (2/n) X^T (X w - y) by hand. */
    public static double[][] handWritten(int iterations) {
        double[] y = targets();
        int n = X.length;
        double[] w = {0, 0};
        double[][] trajectory = new double[iterations + 1][];
        trajectory[0] = w.clone();
        for (int t = 1; t <= iterations; t++) {
            double[] grad = new double[2];
            for (int i = 0; i < n; i++) {
                double residual = X[i][0] * w[0] + X[i][1] * w[1] - y[i];       // (X w - y)_i
                grad[0] += 2.0 / n * X[i][0] * residual;                          // (2/n) X^T (X w - y)
                grad[1] += 2.0 / n * X[i][1] * residual;
            }
            w[0] -= LR * grad[0];
            w[1] -= LR * grad[1];
            trajectory[t] = w.clone();
        }
        return trajectory;
    }

    /** mean((X w - y)^2) as tensor ops; w has shape [2]. */
    public static Tensor loss(Tensor x, Tensor y, Tensor w) {
        return x.mm(w.unsqueeze(1)).squeeze(1).sub(y).pow(2).mean();
    }

    /** Way 2: autograd computes the gradient; the update is written by hand under noGrad. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static double[][] autogradManualUpdate(int iterations) {
        Tensor x = Tensor.of(X);
        Tensor y = Tensor.of(targets());
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        double[][] trajectory = new double[iterations + 1][];
        trajectory[0] = w.toDoubleArray();
        for (int t = 1; t <= iterations; t++) {
            w.zeroGrad();
            loss(x, y, w).backward();
            try (var noGrad = Tensor.noGrad()) {
                w.subInPlace(w.grad().mul(LR));                    // w = w - lr dL/dw, not recorded
            }
            trajectory[t] = w.toDoubleArray();
        }
        return trajectory;
    }

    /**
     * Way 3, as in PyTorch: the model is part 3's {@code Linear(2, 1, bias = false)} (its weight, shape [1, 2], is
     * w as a row, started at 0), the loss is {@code MSELoss} = mean((yhat - y)^2), and {@code SGD(lr)} updates the
     * model's parameters.
     */
    public static double[][] autogradWithSgd(int iterations) {
        Tensor x = Tensor.of(X);
        Tensor y = Tensor.of(targets()).unsqueeze(1);          // [4, 1], the shape of the model's output
        Linear model = new Linear(2, 1, false);
        Init.zeros(model.weight());
        MSELoss lossFn = new MSELoss();
        SGD sgd = new SGD(model.parameters(), LR);
        double[][] trajectory = new double[iterations + 1][];
        trajectory[0] = model.weight().toDoubleArray();
        for (int t = 1; t <= iterations; t++) {
            sgd.zeroGrad();
            lossFn.forward(model.forward(x), y).backward();
            sgd.step();
            trajectory[t] = model.weight().toDoubleArray();
        }
        return trajectory;
    }

    /** Prints the three trajectories every 100 iterations. */
    public static void main(String[] args) {
        double[][] a = handWritten(ITERATIONS);
        double[][] b = autogradManualUpdate(ITERATIONS);
        double[][] c = autogradWithSgd(ITERATIONS);
        System.out.println("iter   hand-written w            autograd + manual w       autograd + SGD w");
        for (int t = 0; t <= ITERATIONS; t += 100) {
            System.out.printf("%4d   [%.8f, %.8f]   [%.8f, %.8f]   [%.8f, %.8f]%n", t, a[t][0], a[t][1], b[t][0],
                    b[t][1], c[t][0], c[t][1]);
        }
        System.out.printf("true w = [%.1f, %.1f]%n", TRUE_W[0], TRUE_W[1]);
    }
}
