package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.data.TinyIdx;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run stopped in the middle of an epoch and resumed from its last checkpoint ends bit-identical to a run that
 * never stopped (same seed, CPU device): same weights, same losses every epoch, same test predictions.
 */
class ResumeTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sgd momentum 0.9 nesterov, exponential schedule, dropout 0.2, stop in epoch 2",
                        OptimizerKind.SGD, 0.05, 0.9, true, Schedule.EXPONENTIAL, 2),
                Arguments.of("adam, step schedule, dropout 0.2, stop in epoch 3", OptimizerKind.ADAM, 0.03, 0.0,
                        false, Schedule.STEP, 3),
                Arguments.of("rmsprop, cosine schedule, dropout 0.2, stop in epoch 2", OptimizerKind.RMSPROP,
                        0.003, 0.0, false, Schedule.COSINE, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stoppedAndResumedEqualsUninterrupted(String name, OptimizerKind opt, double lr, double momentum,
                                              boolean nesterov, Schedule schedule, int stopEpoch) throws Exception {
        Path data = dir.resolve("data");
        TinyIdx.writeDataset(data, 200, 40, 11);
        MnistData mnist = MnistData.readDir(DatasetKind.MNIST, data, "tiny");
        TrainConfig config = new TrainConfig(DatasetKind.MNIST, 4, 32, lr, opt, momentum, nesterov, 1e-4, schedule,
                Activation.RELU, LossKind.CROSSENTROPY, List.of(32, 16), 0.2, 7L, 0.2, 0, "float32");
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());

        Trainer.Result whole = new Trainer(config, mnist, CpuDevice.INSTANCE, quiet, false).run(dir.resolve("a"),
                null);

        Path b = dir.resolve("b");
        Trainer first = new Trainer(config, mnist, CpuDevice.INSTANCE, quiet, false);
        int batchesPerEpoch = 5; // 160 training examples in batches of 32
        long stopAt = (long) (stopEpoch - 1) * batchesPerEpoch + 2;
        first.afterStep(step -> {
            if (step == stopAt) {
                throw new IllegalStateException("simulated crash at step " + step);
            }
        });
        assertThatThrownBy(() -> first.run(b, null)).hasMessageContaining("simulated crash");

        StringWriter log = new StringWriter();
        Trainer.Result resumed = new Trainer(config, mnist, CpuDevice.INSTANCE, new PrintWriter(log), false)
                .run(b, b.resolve(Trainer.CHECKPOINT));

        assertThat(log.toString()).contains("after epoch " + (stopEpoch - 1));
        assertThat(resumed.history()).hasSize(4);
        for (int e = 0; e < 4; e++) {
            EpochRecord x = whole.history().get(e);
            EpochRecord y = resumed.history().get(e);
            assertThat(y.trainLoss()).as("%s: epoch %d train loss", name, e + 1).isEqualTo(x.trainLoss());
            assertThat(y.valLoss()).as("%s: epoch %d val loss", name, e + 1).isEqualTo(x.valLoss());
            assertThat(y.lr()).as("%s: epoch %d lr", name, e + 1).isEqualTo(x.lr());
        }
        Map<String, Tensor> wa = whole.model().stateDict();
        Map<String, Tensor> wb = resumed.model().stateDict();
        for (String key : wa.keySet()) {
            assertThat(wb.get(key).toDoubleArray()).as("%s: final %s", name, key)
                    .containsExactly(wa.get(key).toDoubleArray());
        }
        assertThat(resumed.test().predictions()).containsExactly(whole.test().predictions());
        // and the run really learned something, so the comparison is not between two untrained models
        assertThat(whole.test().accuracy()).as("%s: test accuracy", name).isGreaterThan(0.5);
    }
}
