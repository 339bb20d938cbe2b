package gradlab.optim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.nn.Linear;
import gradlab.nn.io.SafeTensorsFormatException;
import gradlab.optim.SGD;
import gradlab.optim.lr.StepLR;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint whose numbers were changed on disk (the epoch 26638 -> 36638, the lr 0.01 -> 0.11, a weight) is
 * refused naming the file and the entry, and nothing is loaded.
 */
class CheckpointIntegrityTest {
    @TempDir
    Path dir;

    private Path saved(Linear model, SGD sgd, StepLR scheduler) throws IOException {
        Tensor loss = model.forward(Tensor.of(new int[] {1, 2}, 1, 2)).sum();
        loss.backward();
        sgd.step();
        Path f = dir.resolve("run.safetensors");
        Checkpoint.save(f, model, sgd, List.of(scheduler), new Checkpoint.Progress(26638, 100));
        return f;
    }

    private static void change(Path f, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertThat(at).as(from + " in the file").isNotNegative();
        byte[] replacement = to.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        Files.write(f, bytes);
    }

    @Test
    void aChangedEpochOrLearningRateInTheMetadataIsRefusedAndNothingIsLoaded() throws IOException {
        for (String[] change : new String[][] {{"26638", "36638"}, {"lr\\\":0.01", "lr\\\":0.11"}}) {
            SGD sgd = new SGD(new Linear(2, 1, true, new Random(0)).parameters(), 0.01);
            Linear model = new Linear(2, 1, true, new Random(0));
            SGD own = new SGD(model.parameters(), 0.01);
            Path f = saved(model, own, new StepLR(own, 5));
            change(f, change[0], change[1]);
            Linear fresh = new Linear(2, 1, true, new Random(7));
            SGD freshSgd = new SGD(fresh.parameters(), 0.5);
            Map<String, Tensor> before = fresh.stateDict();
            double[] weightBefore = before.get("weight").toDoubleArray();
            assertThatThrownBy(() -> Checkpoint.load(f, fresh, freshSgd, List.of(new StepLR(freshSgd, 5))))
                    .as(change[0]).isInstanceOf(SafeTensorsFormatException.class)
                    .hasMessageStartingWith(f + " is corrupted: metadata entry \"gradlab.checkpoint\" does not match"
                            + " its checksum");
            assertThat(fresh.weight().toDoubleArray()).isEqualTo(weightBefore);
            assertThat(freshSgd.paramGroups().get(0).lr()).isEqualTo(0.5);
            assertThat(sgd.paramGroups().get(0).lr()).isEqualTo(0.01);
        }
    }

    @Test
    void aChangedWeightNamesTheTensor() throws IOException {
        Linear model = new Linear(2, 1, true, new Random(0));
        SGD sgd = new SGD(model.parameters(), 0.01);
        Path f = saved(model, sgd, new StepLR(sgd, 5));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 0x10;                        // the last byte of the data: the bias
        Files.write(f, bytes);
        assertThatThrownBy(() -> Checkpoint.load(f, model, sgd, List.of(new StepLR(sgd, 5))))
                .hasMessageContaining(f + " is corrupted: the data of tensor \"");
    }
}
