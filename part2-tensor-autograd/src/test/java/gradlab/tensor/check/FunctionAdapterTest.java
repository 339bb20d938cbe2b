package gradlab.tensor.check;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.cli.GradCheckCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The gradient checker's command line checks a part 2 op class by name, through FunctionAdapter. */
class FunctionAdapterTest {

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GradCheckCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aCorrectOpPasses() {
        Run r = cli("gradlab.tensor.ops.Mul", "--shape", "2,3", "--shape", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("gradcheck PASSED: 63 derivative(s) checked");
    }

    @Test
    void aBackwardScaledBy101FailsWithExitCode1() {
        Run r = cli(BrokenMulForCli.class.getName(), "--shape", "2,3", "--shape", "3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("gradcheck FAILED").contains("1.01");
    }

    @Test
    void anOpWithoutANoArgumentConstructorOrShapesIsAUsageError() {
        Run sum = cli("gradlab.tensor.ops.Sum", "--shape", "2,3");
        assertThat(sum.exit()).isEqualTo(2);
        assertThat(sum.err()).contains("Sum has no public no-argument constructor");
        Run noShapes = cli("gradlab.tensor.ops.Mul");
        assertThat(noShapes.exit()).isEqualTo(2);
        assertThat(noShapes.err()).contains("give one --shape per input");
    }
}
