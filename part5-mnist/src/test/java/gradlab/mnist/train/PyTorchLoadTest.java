package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.mnist.cli.EvaluateCommand;
import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.data.TinyIdx;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.tensor.device.CpuDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch loads a trained {@code model.safetensors} with {@code tools/pytorch_load.py} (json + torch only) and
 * computes the same test accuracy and loss as GradLab's evaluation of the same file. Runs where {@code
 * /usr/bin/python3} can import torch (Debian's python3-torch); elsewhere it is skipped, saying why.
 */
class PyTorchLoadTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("tools", "pytorch_load.py");

    @TempDir
    Path dir;

    /** Why PyTorch cannot run here, or null when it can; found out once. */
    private static String whyNoTorch;
    private static boolean checked;

    /** Each case is skipped, with the reason in the report, where /usr/bin/python3 cannot import torch. */
    @BeforeEach
    void needsTorch() throws Exception {
        synchronized (PyTorchLoadTest.class) {
            if (!checked) {
                whyNoTorch = whyNoTorch();
                checked = true;
            }
        }
        Assumptions.assumeTrue(whyNoTorch == null, whyNoTorch);
    }

    private static String whyNoTorch() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " does not exist, so there is no PyTorch to load the file with (install python3-torch"
                    + " to run this check)";
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python3 -c 'import torch' finished").isTrue();
        return p.exitValue() == 0 ? null : PYTHON + " cannot import torch (" + out.lines().reduce((a, b) -> b)
                .orElse("") + "): install python3-torch to run this check";
    }

    @ParameterizedTest(name = "{0} dropout {1} loss {2} {3}")
    @CsvSource({"relu, 0.2, crossentropy, float32", "tanh, 0.0, nll, float64"})
    void pytorchComputesGradLabsTestAccuracyFromTheFile(String activation, double dropout, String loss,
                                                        String dtype) throws Exception {
        Path data = dir.resolve("data");
        TinyIdx.writeDataset(data, 200, 50, 9);
        MnistData mnist = MnistData.readDir(DatasetKind.MNIST, data, "tiny");
        TrainConfig config = new TrainConfig(DatasetKind.MNIST, 6, 16, 0.1, OptimizerKind.SGD, 0, false, 0,
                Schedule.NONE, Activation.fromId(activation), LossKind.fromId(loss), List.of(24, 12), dropout, 4L,
                0.2, 0, dtype);
        Trainer.Result r = new Trainer(config, mnist, CpuDevice.INSTANCE, new PrintWriter(Writer.nullWriter()),
                false).run(dir.resolve("out"), null);
        Path model = dir.resolve("out").resolve(RunOutputs.MODEL);
        RunOutputs.saveModel(model, r.model(), config);
        // GradLab's own evaluation of the file, as the evaluate command does it
        Evaluation ours = Evaluation.of(EvaluateCommand.load(model, RunOutputs.readConfig(model), 784, 10,
                CpuDevice.INSTANCE),
                config.loss().loss(), DataLoader.sequential(mnist.test(), 1000, CpuDevice.INSTANCE,
                        config.dtypeValue()), 10);
        assertThat(ours.accuracy()).as("%s: the model learned the tiny set", activation).isGreaterThan(0.5);

        JsonNode theirs = runScript(model, data);
        assertThat(theirs.get("total").asInt()).isEqualTo(50);
        assertThat(theirs.get("correct").asInt()).as("PyTorch's correct predictions")
                .isEqualTo(Math.round(ours.accuracy() * 50));
        assertThat(theirs.get("test_loss").asDouble()).as("PyTorch's test loss")
                .isCloseTo(ours.loss(), Offset.offset(1e-5));
    }

    static JsonNode runScript(Path model, Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, SCRIPT.toString(), model.toString(), "--data-dir", data.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the script finished").isTrue();
        assertThat(p.exitValue()).as("the script's exit code; it printed:%n%s", out).isZero();
        assertThat(out).contains("test accuracy");
        return new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
