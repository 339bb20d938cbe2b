package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.examples.ElementwiseProduct;
import gradlab.gradcheck.examples.MatMul;
import gradlab.gradcheck.examples.Sigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Correct ops pass in every mode at many seeded random points, and the counts of checked elements are right. */
class GradCheckPassesCorrectOpsTest {
    private static final int SEEDS = 10;

    /** f(x) = sum log(x)^2 / 2 (scalar output): d/dx = log(x) / x. */
    static final Differentiable HALF_SUM_LOG_SQUARED = Differentiable.of(
            in -> {
                double s = 0;
                for (double v : in[0]) {
                    s += Math.log(v) * Math.log(v) / 2;
                }
                return new double[] {s};
            },
            (in, g) -> new double[][] {BuggyOps.map(in[0], v -> g[0] * Math.log(v) / v)});

    @TestFactory
    Stream<DynamicTest> correctOpsPassInEveryMode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            long s = seed;
            for (GradCheckOptions options : GradCheckCatchesBugsTest.modes(seed)) {
                tests.add(DynamicTest.dynamicTest("matmul [2,3]x[3,4], " + options, () -> {
                    Random r = new Random(s);
                    assertPasses(new MatMul(3), options, Input.uniform("A", r, -2, 2, 2, 3),
                            Input.uniform("B", r, -2, 2, 3, 4));
                }));
                tests.add(DynamicTest.dynamicTest("sigmoid [3,3], " + options, () -> {
                    Random r = new Random(s);
                    assertPasses(new Sigmoid(), options, Input.uniform("x", r, -4, 4, 3, 3));
                }));
                tests.add(DynamicTest.dynamicTest("x * y [5], " + options, () -> {
                    Random r = new Random(s);
                    assertPasses(new ElementwiseProduct(), options, Input.uniform("x", r, -3, 3, 5),
                            Input.uniform("y", r, -3, 3, 5));
                }));
                tests.add(DynamicTest.dynamicTest("sum log(x)^2 / 2 [4], " + options, () -> {
                    Random r = new Random(s);
                    assertPasses(HALF_SUM_LOG_SQUARED, options, Input.uniform("x", r, 0.2, 5, 4));
                }));
            }
        }
        return tests.stream();
    }

    private static void assertPasses(Differentiable op, GradCheckOptions options, Input... inputs) {
        GradCheckResult result = GradCheck.check(op, options, inputs);
        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.report()).startsWith("gradcheck PASSED");
        assertThat(result.elementsFailed()).isZero();
    }

    @Test
    void fullModeComparesWholeJacobiansAndOneVectorJacobianProduct() {
        Random r = new Random(3);
        GradCheckResult result = GradCheck.check(new MatMul(3), Input.uniform("A", r, -1, 1, 2, 3),
                Input.uniform("B", r, -1, 1, 3, 4));
        // output [2, 4] = 8 elements; Jacobians 8 x 6 and 8 x 12; then one VJP of 6 + 12 elements
        assertThat(result.elementsChecked()).isEqualTo(8 * 6 + 8 * 12 + 6 + 12);
    }

    @Test
    void sparseModeChecksKElementsPerInputOrAllOfASmallerInput() {
        Random r = new Random(3);
        GradCheckResult result = GradCheck.check(new MatMul(3), GradCheckOptions.defaults().sparse(5),
                Input.uniform("A", r, -1, 1, 1, 3), Input.uniform("B", r, -1, 1, 3, 4));
        assertThat(result.elementsChecked()).isEqualTo(3 + 5);
    }

    @Test
    void fastModeChecksOneDirectionPerInput() {
        Random r = new Random(3);
        GradCheckResult result = GradCheck.check(new MatMul(30), GradCheckOptions.defaults().fast(),
                Input.uniform("A", r, -1, 1, 20, 30), Input.uniform("B", r, -1, 1, 30, 40));
        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.elementsChecked()).isEqualTo(2);
    }

    @Test
    void assertCorrectIsSilentOnACorrectOp() {
        GradCheck.assertCorrect(new Sigmoid(), Input.vector("x", -1, 0, 2));
        GradCheck.assertCorrect(new Sigmoid(), GradCheckOptions.defaults().sparse(2), Input.vector("x", -1, 0, 2));
    }

    @Test
    void theReluKinkFailsAtZeroAndPassesAwayFromIt() {
        // relu'(0) is taken as 0, but the central difference at 0 sees (h - 0) / 2h = 1/2.
        Differentiable relu = Differentiable.of(in -> BuggyOps.map(in[0], v -> Math.max(v, 0)),
                (in, g) -> {
                    double[] dx = new double[g.length];
                    for (int j = 0; j < g.length; j++) {
                        dx[j] = in[0][j] > 0 ? g[j] : 0;
                    }
                    return new double[][] {dx};
                });
        GradCheckResult atKink = GradCheck.check(relu, Input.vector("x", -1, 0, 2));
        assertThat(atKink.passed()).isFalse();
        assertThat(atKink.report()).contains("d out[1] / d x[1]: numeric 0.500000000, analytic 0.00000000");
        GradCheck.assertCorrect(relu, Input.vector("x", -1, -0.5, 2));
    }
}
