package gradlab.mnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.mnist.model.OptimizerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code bench}'s options and its table, without timing anything (speed is shown by running it, never asserted). */
class BenchCommandTest {
    private static BenchCommand parse(String... args) {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs(args);
        return bench;
    }

    @Test
    void devicesOpenclRoundsAndAdamReachBothSides() {
        BenchCommand b = parse("--devices", "cpu,opencl", "--rounds", "3", "--opencl-rounds", "2", "--optimizer",
                "adam", "--threads", "1", "--epochs", "2");
        assertThat(b.deviceNames()).containsExactly("cpu", "opencl");
        assertThat(b.roundsFor("cpu")).isEqualTo(3);
        assertThat(b.roundsFor("opencl")).isEqualTo(2);
        assertThat(b.optimizerKind()).isEqualTo(OptimizerKind.ADAM);
        assertThat(b.learningRate()).isEqualTo(1e-3);
        assertThat(b.pytorchCommand(Path.of("/s/pytorch_mnist_mlp.py"), Path.of("/d"), 1, b.optimizerKind(),
                b.learningRate())).containsExactly("/usr/bin/python3", "/s/pytorch_mnist_mlp.py", "--data-dir", "/d",
                "--epochs", "2", "--threads", "1", "--batch-size", "128", "--optimizer", "adam", "--lr", "0.001");
    }

    @Test
    void defaultsAreTheCpuDeviceAndSgdAtLr01AndOpenclRoundsNeverExceedRounds() {
        BenchCommand b = parse();
        assertThat(b.deviceNames()).containsExactly("cpu");
        assertThat(b.optimizerKind()).isEqualTo(OptimizerKind.SGD);
        assertThat(b.learningRate()).isEqualTo(0.1);
        assertThat(b.roundsFor("cpu")).isEqualTo(5);
        assertThat(b.roundsFor("opencl")).isEqualTo(1);
        assertThat(parse("--rounds", "1", "--opencl-rounds", "5").roundsFor("opencl")).isEqualTo(1);
        assertThat(parse("--optimizer", "sgd", "--lr", "0.05").learningRate()).isEqualTo(0.05);
        assertThat(parse("--device", "opencl").deviceNames()).as("the shared --device alone: one device")
                .containsExactly("opencl");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "bench --devices cpu,gpu                | --devices: 'gpu' is not a bench device; expected a comma-separated list of cpu, opencl, reference, auto (e.g. --devices cpu,opencl)",
            "bench --devices cpu,cpu                | --devices: 'cpu' is listed twice in [cpu, cpu]; name each device once",
            "bench --device cpu --devices opencl    | --device: bench takes --devices (e.g. --devices cpu,opencl); give that alone, not both --device cpu and --devices opencl",
            "bench --opencl-rounds 0                | --rounds, --epochs and --opencl-rounds: need whole numbers >= 1, got --rounds 5 --epochs 3 --opencl-rounds 0",
            "bench --optimizer rmsprop              | --optimizer: 'rmsprop' is not a bench optimizer; expected sgd or adam (the choices of pytorch_mnist_mlp.py)",
            "bench --optimizer adam --lr -1         | --lr: -1.0 is not allowed; expected a positive number",
            "bench --batch-size 0                   | --batch-size: 0 is not allowed; expected a whole number >= 1"})
    void badOptionsStopTheBenchBeforeAnythingRuns(String args, String message) {
        MainTest.Outcome o = MainTest.main(args.trim().split("\\s+"));
        assertThat(o.code()).as(args).isEqualTo(2);
        assertThat(o.err()).as(args).startsWith("error: " + message.trim());
    }

    @Test
    void theTableHasARowPerSideWithTheMedianSamplesPerSecondRatioAndPeakMemory() {
        String table = BenchCommand.table(List.of(
                new BenchCommand.Row("PyTorch", List.of(2.0, 1.0, 3.0), 459L * 1024),
                new BenchCommand.Row("GradLab cpu", List.of(6.0, 5.0, 4.0), 1573L * 1024),
                new BenchCommand.Row("GradLab opencl", List.of(24.0), 2048L * 1024)), 60000, 2.0);
        assertThat(table.lines().toList()).containsExactly(
                "side              rounds  median s/epoch   samples/s   x PyTorch   peak RSS MB",
                "PyTorch                3           2.000      30,000       1.00x           459",
                "GradLab cpu            3           5.000      12,000       2.50x         1,573",
                "GradLab opencl         1          24.000       2,500      12.00x         2,048");
        assertThat(BenchCommand.table(List.of(new BenchCommand.Row("GradLab cpu", List.of(4.0, 6.0), 0)), 60000,
                null).lines().skip(1).findFirst().orElseThrow())
                .as("no PyTorch (--skip-pytorch): no ratio; an even count's median is the mean of the middle two")
                .isEqualTo("GradLab cpu            2           5.000      12,000           -             0");
    }

    @Test
    void theReadmeShowsTheTableBenchPrints() throws Exception {
        String header = BenchCommand.table(List.of(), 60000, null).strip();
        assertThat(java.nio.file.Files.readString(Path.of("README.md"))).as("part5-mnist/README.md")
                .contains("\n" + header + "\n");
    }
}
