package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.data.TinyIdx;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.nn.io.SafeTensors;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.ReferenceDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerTest {
    @TempDir
    Path dir;

    private MnistData tiny() throws Exception {
        TinyIdx.writeDataset(dir.resolve("data"), 200, 50, 5);
        return MnistData.readDir(DatasetKind.MNIST, dir.resolve("data"), "tiny");
    }

    private static TrainConfig config(Activation a, LossKind l, OptimizerKind o, double lr, int epochs) {
        return new TrainConfig(DatasetKind.MNIST, epochs, 16, lr, o, 0, false, 0, Schedule.NONE, a, l,
                List.of(32, 16), 0.1, 3L, 0.2, 0, "float32");
    }

    /** Every activation, loss and optimizer learns the tiny banded dataset (chance is 10%). */
    @ParameterizedTest(name = "{0} {1} {2} lr {3}")
    @CsvSource({"relu, crossentropy, sgd, 0.1", "leakyrelu, nll, sgd, 0.1", "tanh, crossentropy, adam, 0.01",
            "sigmoid, nll, adamw, 0.03", "relu, crossentropy, rmsprop, 0.003"})
    void learnsTheTinyDataset(String a, String l, String o, double lr) throws Exception {
        StringWriter log = new StringWriter();
        Trainer t = new Trainer(config(Activation.fromId(a), LossKind.fromId(l), OptimizerKind.fromId(o), lr, 4),
                tiny(), CpuDevice.INSTANCE, new PrintWriter(log), false);
        Trainer.Result r = t.run(dir.resolve("out"), null);
        assertThat(r.history()).hasSize(4);
        assertThat(r.history().get(3).trainLoss()).as("train loss falls").isLessThan(r.history().get(0).trainLoss());
        assertThat(r.test().accuracy()).as("%s %s %s: test accuracy", a, l, o).isGreaterThan(0.8);
        assertThat(log.toString()).contains("epoch   1  train loss").contains("val acc");
        for (var p : t.model().parameters()) {
            assertThat(p.dtype()).isEqualTo(DType.FLOAT32);
        }
    }

    @Test
    void writesMetricsModelCheckpointAndPlots() throws Exception {
        MnistData data = tiny();
        TrainConfig c = config(Activation.RELU, LossKind.CROSSENTROPY, OptimizerKind.SGD, 0.1, 2);
        Trainer t = new Trainer(c, data, CpuDevice.INSTANCE, new PrintWriter(new StringWriter()), false);
        Path out = dir.resolve("out");
        Trainer.Result r = t.run(out, null);
        RunOutputs.write(out, c, "cpu", data, r);

        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(m.get("config").get("optimizer").asText()).isEqualTo("sgd");
        assertThat(m.get("config").get("hidden").toString()).isEqualTo("[32,16]");
        assertThat(m.get("device").asText()).isEqualTo("cpu");
        assertThat(m.get("seed").asLong()).isEqualTo(3);
        assertThat(m.get("epochs")).hasSize(2);
        JsonNode e1 = m.get("epochs").get(0);
        assertThat(e1.get("epoch").asInt()).isEqualTo(1);
        assertThat(e1.get("train_loss").asDouble()).isEqualTo(r.history().get(0).trainLoss());
        assertThat(e1.get("val_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(e1.has("val_loss")).isTrue();
        assertThat(e1.has("seconds")).isTrue();
        assertThat(m.get("test_accuracy").asDouble()).isEqualTo(r.test().accuracy());
        assertThat(m.get("confusion_matrix")).hasSize(10);
        int total = 0;
        for (JsonNode row : m.get("confusion_matrix")) {
            for (JsonNode cell : row) {
                total += cell.asInt();
            }
        }
        assertThat(total).isEqualTo(50);

        // The model file has PyTorch's nn.Sequential names, float32, and its config.
        Map<String, Tensor> saved = SafeTensors.load(out.resolve("model.safetensors"));
        assertThat(saved.keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "5.weight",
                "5.bias");
        assertThat(saved.get("0.weight").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(saved.get("0.weight").shape()).containsExactly(32, 784);
        assertThat(RunOutputs.readConfig(out.resolve("model.safetensors"))).isEqualTo(c);
        assertThat(RunCheckpoint.peek(out.resolve(Trainer.CHECKPOINT)).epoch()).isEqualTo(2);

        for (String png : new String[] {"curves.png", "confusion.png", "misclassified.png"}) {
            var img = ImageIO.read(out.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).as(png).isGreaterThan(300);
        }
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".part"))).isEmpty();
        }
    }

    @Test
    void sameSeedSameNumbers() throws Exception {
        MnistData data = tiny();
        TrainConfig c = config(Activation.RELU, LossKind.CROSSENTROPY, OptimizerKind.SGD, 0.1, 1);
        PrintWriter quiet = new PrintWriter(new StringWriter());
        double a = new Trainer(c, data, CpuDevice.INSTANCE, quiet, false).run(dir.resolve("a"), null).history()
                .get(0).trainLoss();
        double b = new Trainer(c, data, CpuDevice.INSTANCE, quiet, false).run(dir.resolve("b"), null).history()
                .get(0).trainLoss();
        assertThat(b).isEqualTo(a);
    }

    @Test
    void withoutValidationTheHistoryHasNullsAndTheCurveIsTheLossAlone() throws Exception {
        MnistData data = tiny();
        TrainConfig c = new TrainConfig(DatasetKind.MNIST, 1, 16, 0.1, OptimizerKind.SGD, 0, false, 0,
                Schedule.NONE, Activation.RELU, LossKind.CROSSENTROPY, List.of(16), 0.0, 3L, 0.0, 3, "float32");
        Path out = dir.resolve("noval");
        Trainer.Result r = new Trainer(c, data, CpuDevice.INSTANCE, new PrintWriter(new StringWriter()), false)
                .run(out, null);
        RunOutputs.write(out, c, "cpu", data, r);
        JsonNode e1 = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("epochs").get(0);
        assertThat(e1.get("val_loss").isNull()).isTrue();
        assertThat(e1.get("val_accuracy").isNull()).isTrue();
        assertThat(ImageIO.read(out.resolve("curves.png").toFile()).getWidth()).isEqualTo(600);
    }

    /** The same run on the readable reference device gives the CPU device's numbers (float32 rounding aside). */
    @Test
    void theReferenceDeviceTrainsToTheSameNumbers() throws Exception {
        MnistData data = tiny();
        TrainConfig c = new TrainConfig(DatasetKind.MNIST, 1, 32, 0.1, OptimizerKind.SGD, 0.9, false, 0,
                Schedule.NONE, Activation.RELU, LossKind.CROSSENTROPY, List.of(16), 0.2, 3L, 0.2, 0, "float32");
        PrintWriter quiet = new PrintWriter(new StringWriter());
        Trainer.Result cpu = new Trainer(c, data, CpuDevice.INSTANCE, quiet, false).run(dir.resolve("cpu"), null);
        Trainer.Result ref = new Trainer(c, data, ReferenceDevice.INSTANCE, quiet, false)
                .run(dir.resolve("ref"), null);
        assertThat(ref.model().parameters().get(0).device()).isSameAs(ReferenceDevice.INSTANCE);
        assertThat(ref.history().get(0).trainLoss()).isCloseTo(cpu.history().get(0).trainLoss(),
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(ref.history().get(0).valLoss()).isCloseTo(cpu.history().get(0).valLoss(),
                org.assertj.core.data.Offset.offset(1e-4));
    }

    /** The main job on the OpenCL device (pocl here) gives the CPU device's numbers; skipped only without OpenCL. */
    @Test
    void theOpenClDeviceTrainsToTheSameNumbers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(gradlab.mnist.opencl.OpenClDevice.available(),
                "no OpenCL platform on this machine (install pocl-opencl-icd, as .ci/run does)");
        MnistData data = tiny();
        TrainConfig c = new TrainConfig(DatasetKind.MNIST, 1, 32, 0.1, OptimizerKind.SGD, 0.9, false, 0,
                Schedule.NONE, Activation.RELU, LossKind.CROSSENTROPY, List.of(16), 0.2, 3L, 0.2, 0, "float32");
        PrintWriter quiet = new PrintWriter(new StringWriter());
        gradlab.tensor.device.Device opencl = gradlab.mnist.DeviceChoice.parse("opencl").device();
        Trainer.Result cpu = new Trainer(c, data, CpuDevice.INSTANCE, quiet, false).run(dir.resolve("cpu"), null);
        Trainer.Result cl = new Trainer(c, data, opencl, quiet, false).run(dir.resolve("opencl"), null);
        assertThat(cl.model().parameters().get(0).device().name()).isEqualTo("opencl");
        assertThat(cl.history().get(0).trainLoss()).isCloseTo(cpu.history().get(0).trainLoss(),
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(cl.history().get(0).valLoss()).isCloseTo(cpu.history().get(0).valLoss(),
                org.assertj.core.data.Offset.offset(1e-4));
    }
}
