package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with a validation set ends with the weights of its best epoch (lowest validation loss), as Keras's
 * {@code EarlyStopping(restore_best_weights=True)} and Lightning's best checkpoint: the saved model, the test figures
 * and metrics.json's {@code best_epoch} are that epoch's, and the best weights survive a crash and a resume.
 *
 * <p>The scenario overfits for real: 40% of the tiny training set's labels are wrong ({@link
 * TinyIdx#writeDatasetWithNoisyLabels}), so with Adam lr 0.01 the validation loss is lowest at epoch 3 and then rises
 * as the model memorises the noise; patience 3 stops the run after epoch 6. The reference for "the weights of epoch
 * 3" is the same run (same seed, same device) told to train 3 epochs: bit-identical up to there.
 */
class BestWeightsTest {
    static final int BEST = 3;
    static final int PATIENCE = 3;
    static final int BATCHES_PER_EPOCH = 15; // 240 training examples in batches of 16

    @TempDir
    Path dir;
    MnistData mnist;
    final PrintWriter quiet = new PrintWriter(Writer.nullWriter());

    @BeforeEach
    void writeData() throws IOException {
        TinyIdx.writeDatasetWithNoisyLabels(dir.resolve("data"), 300, 50, 5, 0.4);
        mnist = MnistData.readDir(DatasetKind.MNIST, dir.resolve("data"), "noisy tiny");
    }

    static TrainConfig config(int epochs, int patience) {
        return new TrainConfig(DatasetKind.MNIST, epochs, 16, 0.01, OptimizerKind.ADAM, 0, false, 0, Schedule.NONE,
                Activation.RELU, LossKind.CROSSENTROPY, List.of(128, 64), 0.0, 5L, 0.2, patience, "float32");
    }

    private Trainer.Result run(TrainConfig c, String out) throws IOException {
        return new Trainer(c, mnist, CpuDevice.INSTANCE, quiet, false).run(dir.resolve(out), null);
    }

    private static void assertSameWeights(Map<String, Tensor> actual, Map<String, Tensor> expected, String what) {
        assertThat(actual.keySet()).as(what).containsExactlyElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            assertThat(actual.get(k).toDoubleArray()).as("%s: %s", what, k)
                    .containsExactly(expected.get(k).toDoubleArray());
        }
    }

    private static Map<String, Tensor> withPrefix(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, t) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), t);
            }
        });
        return out;
    }

    @Test
    void earlyStoppingEndsWithTheBestEpochsWeightsModelTestFiguresAndMetrics() throws Exception {
        StringWriter log = new StringWriter();
        Path out = dir.resolve("stopped");
        Trainer.Result stopped = new Trainer(config(20, PATIENCE), mnist, CpuDevice.INSTANCE, new PrintWriter(log),
                false).run(out, null);
        Trainer.Result upToBest = run(config(BEST, 0), "upToBest");

        // the scenario: validation loss lowest at epoch 3, then 3 epochs without a better one
        assertThat(stopped.history()).as("epochs run").hasSize(BEST + PATIENCE);
        assertThat(stopped.stoppedEarly()).isTrue();
        assertThat(stopped.bestEpoch()).isEqualTo(BEST);
        assertThat(EarlyStopping.bestEpoch(stopped.history())).isEqualTo(BEST);
        assertThat(stopped.history().get(BEST + PATIENCE - 1).valLoss())
                .as("the last epoch's validation loss is worse than the best").isGreaterThan(
                        stopped.history().get(BEST - 1).valLoss());
        assertThat(log.toString()).contains(String.format("Restored the weights of epoch 3, the best validation"
                + " loss (%.4f)", stopped.history().get(BEST - 1).valLoss()));

        // the weights it ends with are epoch 3's, bit for bit, and so are the test figures
        assertSameWeights(stopped.model().stateDict(), upToBest.model().stateDict(), "final model vs epoch 3's");
        assertThat(stopped.test().predictions()).containsExactly(upToBest.test().predictions());
        assertThat(stopped.test().accuracy()).isEqualTo(upToBest.test().accuracy());
        assertThat(stopped.test().loss()).isEqualTo(upToBest.test().loss());

        // the files: model.safetensors and metrics.json are epoch 3's; the checkpoint keeps the last weights for
        // --resume and the best ones beside them
        RunOutputs.write(out, config(20, PATIENCE), "cpu", mnist, stopped);
        assertSameWeights(SafeTensors.load(out.resolve(RunOutputs.MODEL)), upToBest.model().stateDict(),
                "model.safetensors vs epoch 3's");
        JsonNode m = new ObjectMapper().readTree(out.resolve(RunOutputs.METRICS).toFile());
        assertThat(m.get("best_epoch").asInt()).isEqualTo(BEST);
        assertThat(m.get("stopped_early").asBoolean()).isTrue();
        assertThat(m.get("epochs")).hasSize(BEST + PATIENCE);
        assertThat(m.get("test_accuracy").asDouble()).isEqualTo(upToBest.test().accuracy());
        assertThat(m.get("confusion_matrix").toString())
                .isEqualTo(new ObjectMapper().valueToTree(upToBest.test().confusion()).toString());
        Map<String, Tensor> checkpoint = SafeTensors.load(out.resolve(Trainer.CHECKPOINT));
        assertSameWeights(withPrefix(checkpoint, RunCheckpoint.BEST), upToBest.model().stateDict(),
                "checkpoint's best_model.* vs epoch 3's");
        assertThat(withPrefix(checkpoint, "model.").get("0.weight").toDoubleArray())
                .as("the checkpoint's model.* are the last epoch's weights, not the best")
                .isNotEqualTo(upToBest.model().stateDict().get("0.weight").toDoubleArray());
    }

    @Test
    void withoutValidationTheRunEndsWithTheLastWeightsAndBestEpochIsNull() throws Exception {
        TrainConfig noVal = new TrainConfig(DatasetKind.MNIST, 2, 16, 0.01, OptimizerKind.ADAM, 0, false, 0,
                Schedule.NONE, Activation.RELU, LossKind.CROSSENTROPY, List.of(16), 0.0, 5L, 0.0, 3, "float32");
        Path out = dir.resolve("noval");
        Trainer.Result r = run(noVal, "noval");
        assertThat(r.bestEpoch()).isNull();
        RunOutputs.write(out, noVal, "cpu", mnist, r);
        assertThat(new ObjectMapper().readTree(out.resolve(RunOutputs.METRICS).toFile()).get("best_epoch").isNull())
                .isTrue();
        assertThat(withPrefix(SafeTensors.load(out.resolve(Trainer.CHECKPOINT)), RunCheckpoint.BEST)).isEmpty();
    }

    /**
     * Crashed in epoch 5 (its checkpoint is epoch 4's: last weights epoch 4's, best weights epoch 3's) and resumed: it
     * stops after epoch 6 as the uninterrupted run does, with epoch 3's weights, bit for bit.
     */
    @Test
    void theBestWeightsSurviveACrashAndAResumeBitForBit() throws Exception {
        Trainer.Result whole = run(config(20, PATIENCE), "whole");

        Path b = dir.resolve("crashed");
        Trainer first = new Trainer(config(20, PATIENCE), mnist, CpuDevice.INSTANCE, quiet, false);
        long crashAt = (long) (BEST + 1) * BATCHES_PER_EPOCH + 2; // the second step of epoch 5
        first.afterStep(step -> {
            if (step == crashAt) {
                throw new IllegalStateException("simulated crash at step " + step);
            }
        });
        assertThatThrownBy(() -> first.run(b, null)).hasMessageContaining("simulated crash");
        assertThat(RunCheckpoint.peek(b.resolve(Trainer.CHECKPOINT)).epoch()).isEqualTo(BEST + 1);

        StringWriter log = new StringWriter();
        Trainer.Result resumed = new Trainer(config(20, PATIENCE), mnist, CpuDevice.INSTANCE, new PrintWriter(log),
                false).run(b, b.resolve(Trainer.CHECKPOINT));

        assertThat(log.toString()).contains("after epoch 4").contains("Restored the weights of epoch 3");
        assertThat(resumed.stoppedEarly()).isTrue();
        assertThat(resumed.bestEpoch()).isEqualTo(BEST);
        assertThat(resumed.history()).hasSameSizeAs(whole.history());
        for (int e = 0; e < whole.history().size(); e++) {
            assertThat(resumed.history().get(e).valLoss()).as("epoch %d val loss", e + 1)
                    .isEqualTo(whole.history().get(e).valLoss());
        }
        assertSameWeights(resumed.model().stateDict(), whole.model().stateDict(), "resumed vs uninterrupted");
        assertThat(resumed.test().predictions()).containsExactly(whole.test().predictions());
    }

    @Test
    void aCheckpointWithoutItsBestWeightsIsRefusedBeforeAnythingIsLoaded() throws Exception {
        Path out = dir.resolve("two");
        run(config(BEST + 1, 0), "two"); // best epoch 3, checkpoint of epoch 4
        Path ckpt = out.resolve(Trainer.CHECKPOINT);
        Map<String, Tensor> tensors = new LinkedHashMap<>(SafeTensors.load(ckpt));
        tensors.keySet().removeIf(k -> k.startsWith(RunCheckpoint.BEST));
        Path stripped = dir.resolve("stripped.safetensors");
        SafeTensors.save(stripped, tensors, SafeTensors.loadMetadata(ckpt));

        Trainer t = new Trainer(config(BEST + 2, 0), mnist, CpuDevice.INSTANCE, quiet, false);
        Map<String, Tensor> before = new LinkedHashMap<>();
        t.model().stateDict().forEach((k, v) -> before.put(k, v.clone()));
        assertThatThrownBy(() -> t.run(dir.resolve("resumed"), stripped)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(stripped + ": the checkpoint's best weights (epoch 3) are []")
                .hasMessageContaining("expected best_model. + each of the model's [0.weight, 0.bias, 2.weight,"
                        + " 2.bias, 4.weight, 4.bias]");
        assertSameWeights(t.model().stateDict(), before, "model after the refused resume");
    }
}
