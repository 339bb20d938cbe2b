package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.examples.ElementwiseProduct;
import gradlab.gradcheck.examples.MatMul;
import gradlab.gradcheck.examples.Sigmoid;
import org.junit.jupiter.api.Test;

/** Misuse is an error that names the value, the expected form and the fix; contract breaches fail the check. */
class GradCheckErrorsTest {

    @Test
    void nonFiniteInputIsAnError() {
        assertThatThrownBy(() -> GradCheck.check(new Sigmoid(), Input.of("x", new int[] {2, 2}, 1, 2, Double.NaN, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input 'x' has NaN at [1, 0]; gradcheck needs finite inputs");
    }

    @Test
    void nonFiniteOutputIsAnErrorThatSaysWhere() {
        Differentiable log = Differentiable.of(in -> BuggyOps.map(in[0], Math::log),
                (in, g) -> new double[][] {BuggyOps.map(in[0], v -> 1 / v)});
        assertThatThrownBy(() -> GradCheck.check(log, Input.vector("x", 1, -2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward returned NaN at output[1] at the given inputs")
                .hasMessageContaining("inside the function's domain");
    }

    @Test
    void stepThatUnderflowsRelativeToTheInputIsAnError() {
        assertThatThrownBy(() -> GradCheck.check(new Sigmoid(), Input.vector("x", 0.5, 1e12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("h = 1.0e-06 underflows relative to input 'x'[1] = 1.0E12")
                .hasMessageContaining("use a larger eps");
        // with a step the input can resolve, the same point is fine
        assertThat(GradCheck.check(new Sigmoid(), GradCheckOptions.defaults().eps(1e-2), Input.vector("x", 0.5, 1e12))
                .passed()).isTrue();
    }

    @Test
    void wrongNumberOfInputsIsAnErrorWhenTheOpDeclaresItsArity() {
        assertThatThrownBy(() -> GradCheck.check(new ElementwiseProduct(), Input.vector("x", 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ElementwiseProduct takes 2 input(s) but 1 were given [x[2]]; pass exactly 2");
        assertThatThrownBy(() -> GradCheck.check(new Sigmoid()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no inputs given");
    }

    @Test
    void wrongNumberOfGradientsIsAnError() {
        Differentiable oneGradient = Differentiable.of(new ElementwiseProduct()::forward,
                (in, g) -> new double[][] {g.clone()});
        assertThatThrownBy(() -> GradCheck.check(oneGradient, Input.vector("x", 1, 2), Input.vector("y", 3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backward returned 1 gradient(s) but the function has 2 input(s) [x[2], y[2]]");
    }

    @Test
    void gradientOfTheWrongShapeIsAnError() {
        Differentiable wrongLength = Differentiable.of(in -> new double[] {in[0][0] + in[0][1]},
                (in, g) -> new double[][] {new double[] {g[0]}});
        assertThatThrownBy(() -> GradCheck.check(wrongLength, Input.of("x", new int[] {1, 2}, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backward returned a gradient of 1 element(s) for input 'x' of shape [1, 2] (2 elements);"
                        + " a gradient has exactly its input's shape");
    }

    @Test
    void nonFiniteGradientIsAnError() {
        Differentiable sqrt = Differentiable.of(in -> BuggyOps.map(in[0], Math::sqrt),
                (in, g) -> new double[][] {BuggyOps.map(in[0], v -> 0.5 / Math.sqrt(v) / 0.0)});
        assertThatThrownBy(() -> GradCheck.check(sqrt, Input.vector("x", 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backward returned Infinity in the gradient of 'x' at [0]");
    }

    @Test
    void badOptionsAreErrors() {
        assertThatThrownBy(() -> GradCheckOptions.defaults().eps(0)).hasMessageStartingWith("eps must be a positive");
        assertThatThrownBy(() -> GradCheckOptions.defaults().atol(-1)).hasMessageStartingWith("atol must be a finite");
        assertThatThrownBy(() -> GradCheckOptions.defaults().sparse(0))
                .hasMessageStartingWith("sparse(k) needs k >= 1 elements per input, got 0");
    }

    @Test
    void aBackwardThatChangesItsInputFailsTheCheck() {
        Differentiable mutating = Differentiable.of(new Sigmoid()::forward, (in, g) -> {
            double[][] grads = new Sigmoid().backward(in, g);
            in[0][0] = 0; // "reuse" the input array: forbidden
            return grads;
        });
        GradCheckResult result = GradCheck.check(mutating, Input.vector("x", 1, 2));
        assertThat(result.passed()).isFalse();
        assertThat(result.report()).contains("all 6 derivative(s) match but 1 other check(s) failed")
                .contains("problem: backward changed its input 'x' at [0] from 1.0 to 0.0");
    }

    @Test
    void aBackwardThatIsNotRepeatableFailsTheCheck() {
        double[] calls = {0};
        Differentiable accumulating = Differentiable.of(new Sigmoid()::forward, (in, g) -> {
            calls[0]++;
            double[][] grads = new Sigmoid().backward(in, g);
            grads[0][0] += calls[0] * 1e-9; // drifts a little on every call, like a stale accumulator
            return grads;
        });
        GradCheckResult result = GradCheck.check(accumulating, Input.vector("x", 1, 2));
        // every derivative is within tolerance, yet the check fails: the result depends on the call history
        assertThat(result.elementsFailed()).isZero();
        assertThat(result.passed()).isFalse();
        assertThat(result.report()).contains("problem: backward is not repeatable");
    }

    @Test
    void aNonZeroGradientForAZeroUpstreamGradientFailsTheCheck() {
        // passes the Jacobian checks for one-hot g, but adds a constant: wrong for g = 0
        Differentiable withConstant = Differentiable.of(in -> new double[] {in[0][0] * in[0][0]},
                (in, g) -> new double[][] {{2 * in[0][0] * g[0] + (g[0] == 0 ? 0.5 : 0)}});
        GradCheckResult result = GradCheck.check(withConstant, Input.scalar("x", 3));
        assertThat(result.passed()).isFalse();
        assertThat(result.report()).contains("problem: with a zero upstream gradient, backward returned 0.5 for x[]");
    }

    @Test
    void matMulRejectsShapesThatDoNotChain() {
        assertThatThrownBy(() -> new MatMul(new int[][] {{2, 3}, {4, 5}}))
                .hasMessage("MatMul needs two matrices [n, k] and [k, m], got [[2, 3], [4, 5]]; e.g. --shape 2,3 --shape 3,4");
    }

    /** 65536^4 = 2^64 wraps a long to 0, which once matched zero values: every shape's count is checked as it grows. */
    @Test
    void aShapeWhoseElementCountOverflowsIsRefusedByOfAndByUniform() {
        int[] huge = {65536, 65536, 65536, 65536};
        assertThatThrownBy(() -> Input.of("x", huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Input 'x': shape [65536, 65536, 65536, 65536] has more than 2^31 - 1 elements");
        assertThatThrownBy(() -> Input.uniform("x", new java.util.Random(1), -1, 1, huge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2^31 - 1 elements");
    }
}
