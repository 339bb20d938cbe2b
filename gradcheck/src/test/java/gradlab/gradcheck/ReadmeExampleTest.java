package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The code shown in gradcheck/README.md, run as written. */
class ReadmeExampleTest {

    @Test
    void squareExampleFromTheReadme() {
        /** f(x) = x^2 elementwise; d/dx = 2x, so grad = g * 2x. */
        Differentiable square = Differentiable.of(
                in -> { double[] y = in[0].clone(); for (int j = 0; j < y.length; j++) y[j] *= y[j]; return y; },
                (in, g) -> { double[] dx = new double[g.length];
                             for (int j = 0; j < g.length; j++) dx[j] = g[j] * 2 * in[0][j];
                             return new double[][] {dx}; });

        GradCheck.assertCorrect(square, Input.uniform("x", new Random(1), -1, 1, 3, 4));   // throws AssertionError(report)
        GradCheckResult r = GradCheck.check(square, GradCheckOptions.defaults().seed(7).sparse(5),
                Input.vector("x", 0.5, -2, 3));                                            // or inspect the result

        assertThat(r.passed()).isTrue();
        assertThat(r.elementsChecked()).isEqualTo(3);
    }
}
