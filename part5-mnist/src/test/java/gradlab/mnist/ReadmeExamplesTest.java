package gradlab.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.mnist.cli.Main;
import gradlab.mnist.data.TinyIdx;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.MlpFactory;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * What part5-mnist/README.md states, checked against the code: the errors it quotes are the ones the command line
 * prints, the names table is the models' state dicts (the bench
 * table's header: {@code BenchCommandTest}).
 */
class ReadmeExamplesTest {
    static String readme;
    @TempDir
    static Path dir;

    @BeforeAll
    static void read() throws Exception {
        readme = Files.readString(Path.of("README.md"));
    }

    private static String err(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        return err.toString().lines().findFirst().orElseThrow();
    }

    @Test
    void theQuotedErrorsAreTheOnesTheCommandLinePrints() throws Exception {
        assertThat(readme).contains("\n" + err("train", "--optimizer", "adagrad") + "\n");
        assertThat(readme).contains("\n" + err("train", "--dropout", "1") + "\n");
        Path data = dir.resolve("data");
        TinyIdx.writeDataset(data, 60, 20, 1);
        Path run = dir.resolve("run");
        assertThat(Main.commandLine().setOut(new PrintWriter(new StringWriter())).execute("train", "--epochs", "1",
                "--hidden", "8", "--data-dir", data.toString(), "--device", "cpu", "--threads", "1", "--out",
                run.toString(), "--no-progress")).isZero();
        assertThat(readme).contains("\n" + err("train", "--resume", "--out", run.toString(), "--lr", "0.5",
                "--data-dir", data.toString()) + "\n");
    }

    /** The table of section 2: for each model, its state dict's names and shapes, as the README writes them. */
    @ParameterizedTest(name = "hidden {0}, dropout {1}, loss {2}")
    @CsvSource({"'100,50', 0.2, crossentropy, all", "'100,50', 0.0, crossentropy, last", "32, 0.2, nll, all"})
    void theNamesTableIsTheStateDicts(String hidden, double dropout, String loss, String shown) {
        int[] sizes = Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray();
        Map<String, Tensor> state = MlpFactory.build(784, sizes, 10, Activation.RELU, dropout, LossKind.fromId(loss),
                new Generator(0), new Generator(1), CpuDevice.INSTANCE, DType.FLOAT32).stateDict();
        List<String> cells = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            boolean withShape = shown.equals("all") || i >= state.size() - 2; // "last": shapes of the changed layer
            cells.add("`" + e.getKey() + (withShape ? " " + Arrays.toString(e.getValue().shape()) : "") + "`");
            i++;
        }
        assertThat(readme).contains("| " + String.join(", ", cells) + " |");
    }
}
