package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hints claim only what the data show: a pattern needs two or more non-negligible elements that agree, a backward
 * that ignores gradOutput gets one coherent hint, the fan-out hint needs the per-use terms to explain the gradient.
 */
class GradCheckHintsTest {

    /** z = tanh(x) with the classic slip dz/dx = 1 - z instead of 1 - z^2. */
    static Differentiable tanhWithOneMinusZ() {
        return Differentiable.of(
                in -> BuggyOps.map(in[0], Math::tanh),
                (in, g) -> {
                    double[] dx = new double[g.length];
                    for (int j = 0; j < g.length; j++) {
                        double z = Math.tanh(in[0][j]);
                        dx[j] = (1 - z) * g[j];
                    }
                    return new double[][] {dx};
                });
    }

    @TestFactory
    Stream<DynamicTest> aScalarTanhWithOneMinusZIsNeverCalledAConstantFactor() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            long seed = 1000 + 37L * n;
            tests.add(DynamicTest.dynamicTest("tanh (1 - z) dz case " + n + " (seed " + seed + ")", () -> {
                double x = 0.2 + 2 * new Random(seed).nextDouble();
                GradCheckResult r = GradCheck.check(tanhWithOneMinusZ(), GradCheckOptions.defaults().seed(seed),
                        Input.scalar("x", x));
                assertThat(r.passed()).isFalse();
                assertThat(r.report()).as(r.report())
                        .doesNotContain("constant factor is wrong").doesNotContain("sign is flipped")
                        .contains("'x' has one non-negligible derivative, where analytic / numeric =")
                        .contains("one element cannot show a pattern")
                        .contains("input values (row-major): x = " + x);
            }));
        }
        return tests.stream();
    }

    @Test
    void aVectorTanhWithOneMinusZHasNoSharedRatioSoNoFactorIsClaimed() {
        GradCheckResult r = GradCheck.check(tanhWithOneMinusZ(), Input.vector("x", 0.3, 0.9, 1.7));
        assertThat(r.report()).as(r.report()).doesNotContain("constant factor is wrong").contains("no simple pattern");
    }

    @Test
    void aConstantFactorIsClaimedWhenTwoOrMoreElementsAgree() {
        Differentiable doubled = Differentiable.of(in -> BuggyOps.map(in[0], v -> v * v),
                (in, g) -> new double[][] {times(g, BuggyOps.map(in[0], v -> 4 * v))});
        GradCheckResult r = GradCheck.check(doubled, Input.vector("x", 0.5, -1.5, 2));
        assertThat(r.report()).as(r.report())
                .contains("analytic = 2.00000 x numeric for every element of 'x' (3 non-negligible agree");
        GradCheckResult one = GradCheck.check(doubled, Input.scalar("x", 0.5));
        assertThat(one.report()).as(one.report()).doesNotContain("constant factor is wrong")
                .contains("analytic / numeric = 2.00000");
    }

    @Test
    void aFlippedSignIsClaimedOnlyWithTwoOrMoreElements() {
        Differentiable flipped = Differentiable.of(in -> BuggyOps.map(in[0], Math::sin),
                (in, g) -> new double[][] {times(g, BuggyOps.map(in[0], v -> -Math.cos(v)))});
        assertThat(GradCheck.check(flipped, Input.vector("x", 0.1, 0.7)).report()).contains("the sign is flipped");
        assertThat(GradCheck.check(flipped, Input.scalar("x", 0.1)).report()).doesNotContain("the sign is flipped");
    }

    @TestFactory
    Stream<DynamicTest> aBackwardThatIgnoresGradOutputGetsOneCoherentHint() {
        Differentiable scalarTanh = Differentiable.of(in -> BuggyOps.map(in[0], Math::tanh),
                (in, g) -> new double[][] {BuggyOps.map(in[0], v -> 1 - Math.tanh(v) * Math.tanh(v))});
        List<DynamicTest> tests = new ArrayList<>();
        for (GradCheckOptions options : List.of(GradCheckOptions.defaults(), GradCheckOptions.defaults().sparse(2),
                GradCheckOptions.defaults().fast())) {
            tests.add(DynamicTest.dynamicTest("tanh ignoring dz, " + options, () -> {
                for (Input x : List.of(Input.scalar("x", 0.7), Input.vector("x", 0.7, -0.2, 1.1))) {
                    String report = GradCheck.check(scalarTanh, options, x).report();
                    assertThat(report).as(report).contains("hint: backward is not linear in gradOutput");
                    assertThat(report.split("hint: ", -1)).as(report).hasSize(2);   // exactly one hint
                }
            }));
        }
        return tests.stream();
    }

    /** f(x) = x * x + x: x is read three times (twice by the product, once by the sum); df/dx = 2x + 1. */
    static class SquarePlusX implements Differentiable, FanOut {
        private final boolean overwrites;

        SquarePlusX(boolean overwrites) {
            this.overwrites = overwrites;
        }

        @Override
        public double[] forward(double[][] in) {
            double x = in[0][0];
            return new double[] {x * x + x};
        }

        /** The sum's term 1 arrives first, then the product's terms x and x; "=" keeps only the last one. */
        @Override
        public double[][] backward(double[][] in, double[] g) {
            double x = in[0][0];
            double grad = overwrites ? x * g[0] : (1 + x + x) * g[0];
            return new double[][] {{grad}};
        }

        @Override
        public int uses(double[][] inputs, int input, int element) {
            return 3;
        }

        @Override
        public double[] forwardWithOneUse(double[][] in, int input, int element, int use, double value) {
            double x = in[0][0];
            double[] seen = {x, x, x};
            seen[use] = value;
            return new double[] {seen[0] * seen[1] + seen[2]};
        }
    }

    @Test
    void overwritingInsteadOfSummingAFanOutGetsTheFanOutHint() {
        GradCheckResult r = GradCheck.check(new SquarePlusX(true), Input.scalar("x", 1.5));
        assertThat(r.passed()).isFalse();
        // per use: d/dx of the product's two reads is x = 1.5 each, the sum's read 1; analytic 1.5 is one of them
        assertThat(r.report()).as(r.report()).contains("hint: x[] is used 3 times, and its analytic gradient")
                .contains("is what 1 of those uses send back").contains("a value used twice must sum its gradients:"
                        + " += not =");
        assertThat(GradCheck.check(new SquarePlusX(false), Input.scalar("x", 1.5)).passed()).isTrue();
    }

    @Test
    void aWrongGradientThatNoSubsetOfUsesExplainsGetsNoFanOutHint() {
        SquarePlusX wrong = new SquarePlusX(false) {
            @Override
            public double[][] backward(double[][] in, double[] g) {
                return new double[][] {{(2 * in[0][0] + 1.3) * g[0]}};
            }
        };
        String report = GradCheck.check(wrong, Input.scalar("x", 1.5)).report();
        assertThat(report).as(report).doesNotContain("+= not =");
    }

    @Test
    void aLabelNamesTheCheckInTheFirstLine() {
        GradCheckResult r = GradCheck.check(tanhWithOneMinusZ(),
                GradCheckOptions.defaults().seed(94732).label("tanh case 17 (seed 94732)"), Input.scalar("x", 0.4));
        assertThat(r.report()).startsWith("tanh case 17 (seed 94732): gradcheck FAILED: ");
    }

    @Test
    void aCommandLineCheckNamesFlagsAndItsReplayCommand() {
        GradCheckResult r = GradCheck.check(tanhWithOneMinusZ(),
                GradCheckOptions.defaults().fast().commandLine("gradcheck Tanh --shape 3 --mode fast"),
                Input.vector("x", 0.1, 0.5, 0.9));
        assertThat(r.report()).as(r.report()).contains("(--mode full / --mode sparse --k K)")
                .doesNotContain("GradCheckOptions").contains("replay: gradcheck Tanh --shape 3 --mode fast");
        GradCheckResult scalar = GradCheck.check(tanhWithOneMinusZ(),
                GradCheckOptions.defaults().commandLine("gradcheck Tanh"), Input.scalar("x", 0.3));
        assertThat(scalar.report()).as(scalar.report()).contains("rerun with a few other --seed values")
                .doesNotContain("GradCheckOptions");
    }

    @Test
    void aSecondOrderGradientThatIsMissingNamesABackwardBuiltOutsideTheRecordedOps() {
        // backward of sum(x^3 / 3) is g x^2, right; doubleBackward returns zeros, as an engine does when backward
        // was computed on raw arrays: the gradient has no graph to differentiate.
        TwiceDifferentiable cube = new TwiceDifferentiable() {
            @Override
            public double[] forward(double[][] in) {
                return BuggyOps.map(in[0], v -> v * v * v / 3);
            }

            @Override
            public double[][] backward(double[][] in, double[] g) {
                return new double[][] {times(g, BuggyOps.map(in[0], v -> v * v))};
            }

            @Override
            public double[][] doubleBackward(double[][] in, double[] g, double[][] gg) {
                return new double[][] {new double[in[0].length], new double[g.length]};
            }
        };
        String report = GradCheck.gradgradcheck(cube, Input.vector("x", 0.5, 1.5, -2)).report();
        assertThat(report).as(report).startsWith("gradgradcheck FAILED")
                .contains("backward returns zeros for 'x'").contains("outside the recorded ops");
    }

    @Test
    void aScalarSecondOrderGradientOfZeroStillNamesTheLikelyCause() {
        TwiceDifferentiable cube = new TwiceDifferentiable() {
            @Override
            public double[] forward(double[][] in) {
                return new double[] {in[0][0] * in[0][0] * in[0][0] / 3};
            }

            @Override
            public double[][] backward(double[][] in, double[] g) {
                return new double[][] {{g[0] * in[0][0] * in[0][0]}};
            }

            @Override
            public double[][] doubleBackward(double[][] in, double[] g, double[][] gg) {
                return new double[][] {{0}, {0}};
            }
        };
        String report = GradCheck.gradgradcheck(cube, Input.scalar("x", 1.5)).report();
        assertThat(report).as(report).contains("one element cannot show a pattern")
                .contains("a second-order gradient of exactly 0 is what a backward computed outside the recorded ops"
                        + " gives");
    }

    private static double[] times(double[] g, double[] local) {
        double[] out = new double[g.length];
        for (int j = 0; j < g.length; j++) {
            out[j] = g[j] * local[j];
        }
        return out;
    }
}
