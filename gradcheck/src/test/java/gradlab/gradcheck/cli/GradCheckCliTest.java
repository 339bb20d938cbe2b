package gradlab.gradcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line: exit 0 on pass, 1 on fail with the report, 2 on misuse with a message naming the fix. */
class GradCheckCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GradCheckCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void correctOpPassesWithExitZero() {
        assertThat(run("gradlab.gradcheck.examples.MatMul", "--shape", "2,3", "--shape", "3,4", "--seed", "7"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("gradcheck PASSED").contains("seed 7").contains("inputs: x0[2, 3], x1[3, 4]");
    }

    @Test
    void everyModeAndGradgradAreReachable() {
        assertThat(run("gradlab.gradcheck.examples.Sigmoid", "--shape", "4,5", "--mode", "sparse", "--k", "3",
                "--gradgrad")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("mode sparse(3)").contains("gradgradcheck PASSED");
        assertThat(run("gradlab.gradcheck.examples.ElementwiseProduct", "--shape", "6", "--shape", "6", "--mode",
                "FAST")).isZero();
    }

    @Test
    void brokenOpFailsWithExitOneAndTheReport() {
        assertThat(run("gradlab.gradcheck.examples.BrokenSigmoid", "--shape", "2,3")).isEqualTo(1);
        assertThat(out.toString()).startsWith("gradcheck FAILED").contains("worst: d out[");
    }

    @Test
    void misuseExitsTwoWithAMessage() {
        assertThat(run("gradlab.NoSuchOp", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("class 'gradlab.NoSuchOp' is not on the classpath");

        assertThat(run("java.lang.String", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("does not implement gradlab.gradcheck.Differentiable");

        assertThat(run("gradlab.gradcheck.examples.MatMul", "--shape", "2,3", "--shape", "4,5")).isEqualTo(2);
        assertThat(err.toString()).contains("MatMul needs two matrices [n, k] and [k, m]");

        assertThat(run("gradlab.gradcheck.examples.Sigmoid", "--shape", "3,x")).isEqualTo(2);
        assertThat(err.toString()).contains("'3,x' is not a shape");

        assertThat(run("gradlab.gradcheck.examples.BrokenSigmoid", "--shape", "3", "--gradgrad")).isEqualTo(2);
        assertThat(err.toString()).contains("--gradgrad needs gradlab.gradcheck.examples.BrokenSigmoid to implement"
                + " gradlab.gradcheck.TwiceDifferentiable");
        assertThat(run("gradlab.gradcheck.examples.Sigmoid", "--shape", "3", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Sigmoid takes 1 input(s) but 2 were given");
    }

    @Test
    void aFailingReportNamesFlagsAndTheArgumentsThatReplayIt() {
        assertThat(run("gradlab.gradcheck.examples.BrokenSigmoid", "--shape", "4", "--mode", "fast", "--seed", "3"))
                .isEqualTo(1);
        assertThat(out.toString()).contains("(--mode full / --mode sparse --k K)").doesNotContain("GradCheckOptions")
                .contains("replay: rerun with the arguments gradlab.gradcheck.examples.BrokenSigmoid --shape 4"
                        + " --mode fast --seed 3");
    }

    @Test
    void anOpThatThrowsOrShapesTooBigExitTwoWithAMessageAndNoStackTrace() {
        assertThat(run("gradlab.gradcheck.cli.ThrowingOp", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("error: gradlab.gradcheck.cli.ThrowingOp threw IllegalStateException:"
                + " index 3 out of bounds for the cache").doesNotContain("\tat ");

        assertThat(run("gradlab.gradcheck.examples.Sigmoid", "--shape", "100000,100000")).isEqualTo(2);
        assertThat(err.toString()).contains("--shape 100000,100000 has more than 50000000 elements")
                .doesNotContain("\tat ");

        assertThat(run("gradlab.gradcheck.cli.BrokenStaticInit", "--shape", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("class 'gradlab.gradcheck.cli.BrokenStaticInit' cannot be loaded")
                .contains("the lookup table is missing").doesNotContain("\tat ");

        assertThat(run("gradlab.gradcheck.examples.Sigmoid", "--shape", "3", "--mode", "sparse", "--k", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--k 0 must be at least 1");

        assertThat(run("gradlab.gradcheck.examples.Sigmoid")).isEqualTo(2);
        assertThat(err.toString()).contains("give the shape of every input of gradlab.gradcheck.examples.Sigmoid"
                + " with --shape");
    }

    @Test
    void aClassThatIsNotDifferentiableIsCheckedThroughAnAdapterOnTheClasspath() {
        assertThat(run("gradlab.gradcheck.cli.TestScalarAdapter$Cube", "--seed", "5")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("gradcheck PASSED").contains("inputs: x0[]");

        assertThat(run("gradlab.gradcheck.cli.TestScalarAdapter$BrokenCube")).isEqualTo(1);
        assertThat(out.toString()).contains("gradcheck FAILED").contains("analytic / numeric = 0.666667");

        assertThat(run("gradlab.gradcheck.cli.TestScalarAdapter$Cube", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Cube takes one scalar: --shape scalar, or no --shape");

        assertThat(run("java.lang.String", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("none of the adapters on the classpath knows it: test cubes");
    }
}
