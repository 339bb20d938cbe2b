package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SGD's update rule by hand, and the claims of its Javadoc about the other ways to write momentum, on the
 * ill-conditioned quadratic f(w) = 0.5 (w0^2 + 10 w1^2), whose gradient is (w0, 10 w1).
 */
class SGDTest {
    private static final double[] START = {1.0, -1.5};

    private static double[] grad(double[] w) {
        return new double[] {w[0], 10 * w[1]};
    }

    /** Runs GradLab's SGD for n steps on f, with an optional lr change at step {@code changeAt}. */
    private static double[] runSgd(SGD.Options options, int n, int changeAt, double newLr) {
        Tensor w = Tensor.of(START.clone()).requiresGrad(true);
        SGD sgd = new SGD(List.of(w), options);
        for (int t = 0; t < n; t++) {
            if (t == changeAt) {
                sgd.paramGroups().get(0).setLr(newLr);
            }
            sgd.zeroGrad();
            Tensor sq = w.mul(w);
            sq.select(0, 0).add(sq.select(0, 1).mul(10)).mul(0.5).backward();
            sgd.step();
        }
        return w.toDoubleArray();
    }

    @Test
    void plainAndMomentumStepsByHand() {
        // plain: w - lr g = (1 - 0.1, -1.5 + 0.1 * 15)
        assertThat(runSgd(SGD.options(0.1), 1, -1, 0)).containsExactly(0.9, 0.0);
        // momentum 0.5, two steps: v1 = g1 = (1, -15), w1 = (0.9, 0);  g2 = (0.9, 0), v2 = 0.5 v1 + g2 = (1.4, -7.5)
        // w2 = w1 - 0.1 v2 = (0.76, 0.75)
        double[] w = runSgd(SGD.options(0.1).momentum(0.5), 2, -1, 0);
        assertThat(w[0]).isCloseTo(0.76, within(1e-15));
        assertThat(w[1]).isCloseTo(0.75, within(1e-15));
        // nesterov: step 1 uses g1 + 0.5 v1 = 1.5 g1: w1 = (0.85, 0.75); g2 = (0.85, 7.5), v2 = (1.35, 0)
        // step 2 uses g2 + 0.5 v2 = (1.525, 7.5): w2 = (0.85 - 0.1525, 0.75 - 0.75)
        double[] n = runSgd(SGD.options(0.1).momentum(0.5).nesterov(true), 2, -1, 0);
        assertThat(n[0]).isCloseTo(0.6975, within(1e-15));
        assertThat(n[1]).isCloseTo(0.0, within(1e-15));
        // weight decay 0.5 adds 0.5 w to g: g = (1.5, -15.75), w1 = (0.85, 0.075)
        double[] d = runSgd(SGD.options(0.1).weightDecay(0.5), 1, -1, 0);
        assertThat(d[0]).isCloseTo(0.85, within(1e-15));
        assertThat(d[1]).isCloseTo(0.075, within(1e-15));
        // maximize climbs: w + lr g
        assertThat(runSgd(SGD.options(0.1).maximize(true), 1, -1, 0)).containsExactly(1.1, -3.0);
    }

    @Test
    void theLecturesVelocityFormIsTheSameWhileLrIsConstant() {
        double lr = 0.01;
        double mu = 0.9;
        double[] w = START.clone();
        double[] v = new double[2];
        for (int t = 0; t < 100; t++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                v[i] = mu * v[i] - lr * g[i];        // lecture: v = mu v - lr g; w = w + v
                w[i] += v[i];
            }
        }
        double[] torch = runSgd(SGD.options(lr).momentum(mu), 100, -1, 0);
        assertThat(torch[0]).isCloseTo(w[0], within(1e-12));
        assertThat(torch[1]).isCloseTo(w[1], within(1e-12));
    }

    @Test
    void theLecturesFormDiffersOnceLrChanges() {
        double mu = 0.9;
        double[] w = START.clone();
        double[] v = new double[2];
        for (int t = 0; t < 20; t++) {
            double lr = t < 10 ? 0.01 : 0.001;
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                v[i] = mu * v[i] - lr * g[i];
                w[i] += v[i];
            }
        }
        double[] torch = runSgd(SGD.options(0.01).momentum(mu), 20, 10, 0.001);
        assertThat(Math.abs(torch[0] - w[0])).as("PyTorch applies the new lr to the whole buffer").isGreaterThan(1e-3);
    }

    @Test
    void theExponentialMovingAverageFormIsSgdWithLrTimesOneMinusBeta() {
        double lr = 0.05;
        double beta = 0.9;
        double[] w = START.clone();
        double[] v = new double[2];
        for (int t = 0; t < 100; t++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                v[i] = beta * v[i] + (1 - beta) * g[i];   // v = beta v + (1 - beta) g; w = w - lr v
                w[i] -= lr * v[i];
            }
        }
        double[] torch = runSgd(SGD.options(lr * (1 - beta)).momentum(beta), 100, -1, 0);
        assertThat(torch[0]).isCloseTo(w[0], within(1e-12));
        assertThat(torch[1]).isCloseTo(w[1], within(1e-12));

        // dampening = beta is not the same: PyTorch's first step takes v = g, undamped
        double[] damped = runSgd(SGD.options(lr).momentum(beta).dampening(beta), 1, -1, 0);
        assertThat(damped[0]).isEqualTo(1.0 - lr * 1.0);           // EMA's first step would be 1 - lr * 0.1
    }
}
