package gradlab.scalar.check;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.cli.GradCheckCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** gradcheck's command line checks part 1 gates by class name, through GateAdapter (found by ServiceLoader). */
class GateAdapterTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GradCheckCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aGateIsCheckedByNameAtOneScalarPerInput() {
        assertThat(run("gradlab.scalar.gate.TanhGate", "--seed", "3")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("gradcheck PASSED").contains("inputs: x0[], output of 1 element(s)");
        assertThat(run("gradlab.scalar.gate.MultiplyGate")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("inputs: x0[], x1[]");
        assertThat(run("gradlab.scalar.gate.LogGate", "--low", "0.1", "--high", "5")).as(err.toString()).isZero();
        assertThat(run("gradlab.scalar.gate.SoftplusGate", "--shape", "scalar")).as(err.toString()).isZero();
    }

    @Test
    void aBrokenGateFailsWithExitOneAndNoClaimedPattern() {
        assertThat(run("gradlab.scalar.gate.BrokenTanhGate", "--seed", "7")).isEqualTo(1);
        assertThat(out.toString()).startsWith("gradcheck FAILED").contains("one element cannot show a pattern")
                .doesNotContain("a constant factor is wrong")
                .contains("replay: rerun with the arguments gradlab.scalar.gate.BrokenTanhGate --seed 7");
    }

    @Test
    void gatesThatCannotBeUsedExitTwoWithTheFix() {
        assertThat(run("gradlab.scalar.gate.PowGate")).isEqualTo(2);
        assertThat(err.toString()).contains("PowGate has no public no-argument constructor")
                .contains("new GateFunction(new PowGate(3))");
        assertThat(run("gradlab.scalar.gate.TanhGate", "--shape", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("TanhGate takes 1 scalar input(s): give --shape scalar 1 time(s), or no"
                + " --shape");
        // inputs uniform in [-1, -0.5): log is not defined there
        assertThat(run("gradlab.scalar.gate.LogGate", "--low", "-1", "--high", "-0.5")).isEqualTo(2);
        assertThat(err.toString()).contains("LogGate needs x > 0").doesNotContain("\tat ");
    }

    /** gradcheck's README ("From the command line") shows these runs verbatim; they must stay what the CLI prints. */
    @Test
    void theTranscriptsInGradchecksReadmeAreWhatTheCommandLinePrints() throws IOException {
        String readme = Files.readString(Path.of("..", "gradcheck", "README.md"));
        assertThat(run("gradlab.scalar.gate.TanhGate")).isZero();
        assertThat(readme).contains(out.toString().replace(System.lineSeparator(), "\n"));
        out.getBuffer().setLength(0);
        assertThat(run("gradlab.scalar.gate.BrokenTanhGate", "--seed", "7")).isEqualTo(1);
        assertThat(readme).contains(out.toString().replace(System.lineSeparator(), "\n"));
        assertThat(run("gradlab.scalar.gate.LogGate", "--low", "-1", "--high", "-0.5")).isEqualTo(2);
        assertThat(readme).contains(err.toString().strip());
    }
}
