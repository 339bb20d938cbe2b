package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.examples.ElementwiseProduct;
import gradlab.gradcheck.examples.Sigmoid;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The second-order check: gradcheck of backward(x, g) as a function of x and g, against doubleBackward. */
class GradGradCheckTest {

    /** f(x) = x^3: backward g 3x^2; for L = sum gg g 3x^2, dL/dx = gg g 6x and dL/dg = gg 3x^2. */
    static TwiceDifferentiable cube(double secondDerivativeFactor) {
        return new TwiceDifferentiable() {
            @Override
            public double[] forward(double[][] in) {
                return BuggyOps.map(in[0], v -> v * v * v);
            }

            @Override
            public double[][] backward(double[][] in, double[] g) {
                double[] dx = new double[g.length];
                for (int j = 0; j < g.length; j++) {
                    dx[j] = g[j] * 3 * in[0][j] * in[0][j];
                }
                return new double[][] {dx};
            }

            @Override
            public double[][] doubleBackward(double[][] in, double[] g, double[][] gg) {
                double[] dx = new double[g.length];
                double[] dg = new double[g.length];
                for (int j = 0; j < g.length; j++) {
                    dx[j] = gg[0][j] * g[j] * secondDerivativeFactor * in[0][j];
                    dg[j] = gg[0][j] * 3 * in[0][j] * in[0][j];
                }
                return new double[][] {dx, dg};
            }
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2, 3, 4, 5})
    void correctSecondDerivativesPassInEveryMode(long seed) {
        Random r = new Random(seed);
        Input x = Input.uniform("x", r, -2, 2, 2, 3);
        Input y = Input.uniform("y", r, -2, 2, 2, 3);
        for (GradCheckOptions options : GradCheckCatchesBugsTest.modes(seed)) {
            GradCheck.assertGradGradCorrect(cube(6), options, x);
            GradCheck.assertGradGradCorrect(new Sigmoid(), options, x);
            GradCheck.assertGradGradCorrect(new ElementwiseProduct(), options, x, y);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2, 3, 4, 5})
    void aWrongSecondDerivativeFailsInEveryMode(long seed) {
        Random r = new Random(seed);
        Input x = Input.uniform("x", r, 0.5, 2, 4);
        for (GradCheckOptions options : GradCheckCatchesBugsTest.modes(seed)) {
            // d/dx of 3x^2 is 6x; 3x is the classic slip of forgetting the power rule's factor
            GradCheckResult result = GradCheck.gradgradcheck(cube(3), options, x);
            assertThat(result.passed()).as(result.report()).isFalse();
            assertThat(result.report()).startsWith("gradgradcheck FAILED");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1})
    void theReportNamesTheInputAndTheUpstreamGradient(long seed) {
        GradCheckResult result = GradCheck.gradgradcheck(cube(3), GradCheckOptions.defaults().seed(seed),
                Input.vector("x", 1, 2));
        assertThat(result.report()).contains("inputs: x[2], gradOutput[2], output of 2 element(s)")
                .contains("analytic = 0.500000 x numeric for every element of 'x'");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0})
    void doubleBackwardMustReturnOneArrayPerInputPlusOneForGradOutput(long seed) {
        TwiceDifferentiable missingGradOutput = new TwiceDifferentiable() {
            @Override
            public double[] forward(double[][] in) {
                return cube(6).forward(in);
            }

            @Override
            public double[][] backward(double[][] in, double[] g) {
                return cube(6).backward(in, g);
            }

            @Override
            public double[][] doubleBackward(double[][] in, double[] g, double[][] gg) {
                return new double[][] {cube(6).doubleBackward(in, g, gg)[0]};
            }
        };
        assertThatThrownBy(() -> GradCheck.gradgradcheck(missingGradOutput, Input.vector("x", 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("doubleBackward returned 1 array(s) but must return 2: the gradient of every"
                        + " input, then the gradient of gradOutput");
    }
}
