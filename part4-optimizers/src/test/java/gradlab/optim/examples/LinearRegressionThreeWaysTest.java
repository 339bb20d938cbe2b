package gradlab.optim.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearRegressionThreeWaysTest {
    private static final int N = LinearRegressionThreeWays.ITERATIONS;

    @Test
    void theThreeWaysFollowTheSameTrajectory() {
        double[][] hand = LinearRegressionThreeWays.handWritten(N);
        double[][] autograd = LinearRegressionThreeWays.autogradManualUpdate(N);
        double[][] sgd = LinearRegressionThreeWays.autogradWithSgd(N);
        double maxDiff = 0;
        for (int t = 0; t <= N; t++) {
            for (int i = 0; i < 2; i++) {
                assertThat(autograd[t][i]).as("autograd vs hand, iteration %d, w[%d]", t, i)
                        .isCloseTo(hand[t][i], within(1e-12));
                assertThat(sgd[t][i]).as("SGD vs hand, iteration %d, w[%d]", t, i)
                        .isCloseTo(hand[t][i], within(1e-12));
                maxDiff = Math.max(maxDiff, Math.abs(sgd[t][i] - hand[t][i]));
            }
        }
        assertThat(maxDiff).isLessThan(1e-12);
    }

    @Test
    void theFirstStepIsTheGradientByHand() {
        // w = 0: residual = -y = -(42, 34, 26, 18); grad = (2/4) X^T (-y) = -(0.5)(42 + 68 + 78 + 72,
        // 1680 + 1020 + 520 + 180) = -(130, 1700); w1 = -lr grad = (0.169, 2.21)
        double[][] hand = LinearRegressionThreeWays.handWritten(1);
        assertThat(hand[1][0]).isCloseTo(0.169, within(1e-15));
        assertThat(hand[1][1]).isCloseTo(2.21, within(1e-15));
    }

    @Test
    void itOvershootsAtFirstThenConvergesToTheTrueWeights() {
        double[][] w = LinearRegressionThreeWays.handWritten(N);
        assertThat(w[1][1]).as("the steep direction overshoots: w1 jumps past 1").isGreaterThan(2);
        int flips = 0;
        for (int t = 2; t <= 50; t++) {
            if ((w[t][1] - 1) * (w[t - 1][1] - 1) < 0) {
                flips++;
            }
        }
        assertThat(flips).as("w[1] - 1 flips sign while converging (lr near 2/lambda_max)").isGreaterThan(40);
        assertThat(w[N][0]).isCloseTo(2.0, within(1e-3));
        assertThat(w[N][1]).isCloseTo(1.0, within(1e-3));
    }
}
