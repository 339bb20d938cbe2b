package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.cli.GradCheckCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** "Reading a failure" shows the command line's report for BrokenSigmoid --shape 2, verbatim. */
    @Test
    void theReadmesFailureReportIsWhatTheCommandLinePrints() throws IOException {
        StringWriter out = new StringWriter();
        int exit = GradCheckCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "gradlab.gradcheck.examples.BrokenSigmoid", "--shape", "2");
        assertThat(exit).isEqualTo(1);
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains(out.toString().replace(System.lineSeparator(), "\n"));
    }
}
