package gradlab.optim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.Sequential;
import gradlab.nn.Tanh;
import gradlab.nn.io.SafeTensors;
import gradlab.nn.loss.MSELoss;
import gradlab.optim.Adam;
import gradlab.optim.AdamW;
import gradlab.optim.Optimizer;
import gradlab.optim.RMSprop;
import gradlab.optim.SGD;
import gradlab.optim.lr.CosineAnnealingLR;
import gradlab.optim.lr.ExponentialLR;
import gradlab.optim.lr.LRScheduler;
import gradlab.optim.lr.LinearLR;
import gradlab.optim.lr.ReduceLROnPlateau;
import gradlab.optim.lr.Scheduler;
import gradlab.optim.lr.StepLR;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run of N steps, saved to a checkpoint, restored into freshly built objects (other initial weights, a fresh
 * optimizer and fresh schedulers) and continued for M steps ends bit for bit where an uninterrupted run of N + M
 * steps ends: parameters, optimizer state and lrs.
 */
class CheckpointTest {
    private static final int N = 7;
    private static final int M = 6;
    private static final Tensor X = Tensor.randn(new Generator(11L), 16, 3);
    private static final Tensor Y = Tensor.randn(new Generator(12L), 16, 2);
    private static final MSELoss MSE = new MSELoss();

    @TempDir
    Path dir;

    /** One training setup: a model, its optimizer and schedulers, built from a seed for the initial weights. */
    record Run(Module model, Optimizer optimizer, List<Scheduler> schedulers) {
        /** One step: zeroGrad, forward, backward, optimizer step, then each scheduler's step (per-step schedule). */
        void train(int steps) {
            for (int i = 0; i < steps; i++) {
                optimizer.zeroGrad();
                Tensor loss = MSE.forward(model.forward(X), Y);
                loss.backward();
                optimizer.step();
                for (Scheduler s : schedulers) {
                    if (s instanceof ReduceLROnPlateau plateau) {
                        plateau.step(loss.item());
                    } else {
                        ((LRScheduler) s).step();
                    }
                }
            }
        }
    }

    private static Module model(long seed) {
        Random r = new Random(seed);
        return new Sequential(new Linear(3, 8, true, r), new Tanh(), new Linear(8, 2, true, r));
    }

    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of("Adam + StepLR", (Function<Long, Run>) seed -> {
                    Module m = model(seed);
                    Adam adam = new Adam(m.parameters(), Adam.options().lr(0.05).amsgrad(true));
                    return new Run(m, adam, List.of(new StepLR(adam, 4, 0.5)));
                }),
                Arguments.of("SGD momentum + StepLR", (Function<Long, Run>) seed -> {
                    Module m = model(seed);
                    SGD sgd = new SGD(m.parameters(), SGD.options(0.1).momentum(0.9).dampening(0.1)
                            .weightDecay(1e-3));
                    return new Run(m, sgd, List.of(new StepLR(sgd, 3, 0.7)));
                }),
                Arguments.of("SGD nesterov + cosine", (Function<Long, Run>) seed -> {
                    Module m = model(seed);
                    SGD sgd = new SGD(m.parameters(), SGD.options(0.1).momentum(0.9).nesterov(true));
                    return new Run(m, sgd, List.of(new CosineAnnealingLR(sgd, 5, 0.01)));
                }),
                Arguments.of("AdamW + warm-up then decay (two chained schedulers)", (Function<Long, Run>) seed -> {
                    Module m = model(seed);
                    AdamW adamw = new AdamW(m.parameters(), 0.05);
                    return new Run(m, adamw, List.of(new LinearLR(adamw, 0.25, 1.0, 9),
                            new ExponentialLR(adamw, 0.95)));
                }),
                Arguments.of("RMSprop + ReduceLROnPlateau", (Function<Long, Run>) seed -> {
                    Module m = model(seed);
                    RMSprop rms = new RMSprop(m.parameters(), RMSprop.options().lr(0.01).centered(true)
                            .momentum(0.5));
                    return new Run(m, rms, List.of(new ReduceLROnPlateau(rms, ReduceLROnPlateau.options()
                            .patience(0).threshold(0.5).cooldown(1).factor(0.5))));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void stopSaveRestoreContinueIsBitForBitAnUninterruptedRun(String name, Function<Long, Run> build)
            throws IOException {
        Run straight = build.apply(1L);
        straight.train(N + M);

        Run first = build.apply(1L);
        first.train(N);
        Path file = dir.resolve("run.ckpt.safetensors");
        Checkpoint.save(file, first.model(), first.optimizer(), first.schedulers(), new Checkpoint.Progress(2, N));
        first.train(3);                                     // the old objects go on: the file must not change

        Run resumed = build.apply(99L);                     // a new process: other initial weights, fresh state
        assertThat(resumed.model().parameters().get(0).toDoubleArray()).as("a different start")
                .isNotEqualTo(straight.model().parameters().get(0).toDoubleArray());
        Checkpoint.Progress at = Checkpoint.load(file, resumed.model(), resumed.optimizer(), resumed.schedulers());
        assertThat(at).isEqualTo(new Checkpoint.Progress(2, N));
        resumed.train(M);

        for (int i = 0; i < straight.model().parameters().size(); i++) {
            assertThat(resumed.model().parameters().get(i).toDoubleArray()).as(name + ", parameter " + i)
                    .containsExactly(straight.model().parameters().get(i).toDoubleArray());
        }
        assertThat(lrs(resumed.optimizer())).as(name + ", lrs").containsExactlyElementsOf(lrs(straight.optimizer()));
        assertThat(resumed.schedulers().get(0).stateDict()).isEqualTo(straight.schedulers().get(0).stateDict());
        Tensor p0 = resumed.model().parameters().get(0);
        Tensor s0 = straight.model().parameters().get(0);
        assertThat(resumed.optimizer().state(p0).keySet()).isEqualTo(straight.optimizer().state(s0).keySet());
        straight.optimizer().state(s0).forEach((key, value) -> assertThat(resumed.optimizer().state(p0).get(key)
                .toDoubleArray()).as(name + ", state " + key).containsExactly(value.toDoubleArray()));
    }

    private static List<Double> lrs(Optimizer o) {
        List<Double> out = new ArrayList<>();
        o.paramGroups().forEach(g -> out.add(g.lr()));
        return out;
    }

    @Test
    void aPlateauSchedulerSavedBeforeItsFirstStepKeepsItsInfiniteBest() throws IOException {
        Module m = model(1);
        SGD sgd = new SGD(m.parameters(), 0.1);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(sgd);
        Path file = dir.resolve("start.safetensors");
        Checkpoint.save(file, m, sgd, List.of(plateau), new Checkpoint.Progress(0, 0));

        SGD sgd2 = new SGD(model(2).parameters(), 0.1);
        ReduceLROnPlateau plateau2 = new ReduceLROnPlateau(sgd2);
        plateau2.step(5.0);                                  // best 5.0; the checkpoint's +inf must replace it
        Checkpoint.load(file, model(3), sgd2, List.of(plateau2));
        assertThat(plateau2.best()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(plateau2.getLastLr()).isEmpty();
    }

    @Test
    void theFileIsSafetensorsWithTheModelsAndTheOptimizersTensorsAndJsonMetadata() throws IOException {
        Module m = model(1);
        SGD sgd = new SGD(m.parameters(), SGD.options(0.1).momentum(0.9));
        Run run = new Run(m, sgd, List.of(new StepLR(sgd, 2)));
        run.train(1);
        Path file = dir.resolve("c.safetensors");
        Checkpoint.save(file, m, sgd, run.schedulers(), new Checkpoint.Progress(0, 1));

        Map<String, Tensor> tensors = SafeTensors.load(file);
        assertThat(tensors.keySet()).containsExactly("model.0.weight", "model.0.bias", "model.2.weight",
                "model.2.bias", "optimizer.state.0.momentum_buffer", "optimizer.state.1.momentum_buffer",
                "optimizer.state.2.momentum_buffer", "optimizer.state.3.momentum_buffer");
        assertThat(tensors.get("model.2.weight").toDoubleArray()).containsExactly(m.stateDict().get("2.weight")
                .toDoubleArray());
        String json = SafeTensors.loadMetadata(file).get(Checkpoint.METADATA_KEY);
        assertThat(json).startsWith("{\"version\":1,\"epoch\":0,\"step\":1,\"optimizer\":{\"version\":1,"
                        + "\"optimizer\":\"SGD\",\"param_groups\":[{\"lr\":0.1,\"momentum\":0.9,")
                .contains("\"params\":[0,1,2,3]").contains("\"schedulers\":[{\"scheduler\":\"StepLR\",\"lastEpoch\":1,");
        assertThat(dir.toFile().list()).as("no temporary file left").containsExactly("c.safetensors");
    }

    @Test
    void mismatchesAreClearErrorsAndChangeNothing() throws IOException {
        Module m = model(1);
        Adam adam = new Adam(m.parameters(), 0.05);
        StepLR step = new StepLR(adam, 4, 0.5);
        new Run(m, adam, List.of(step)).train(3);
        Path file = dir.resolve("adam.safetensors");
        Checkpoint.save(file, m, adam, List.of(step), new Checkpoint.Progress(0, 3));

        Module other = model(2);
        double[] before = other.parameters().get(0).toDoubleArray();
        SGD sgd = new SGD(other.parameters(), 0.1);
        assertThatThrownBy(() -> Checkpoint.load(file, other, sgd, List.of(new StepLR(sgd, 4, 0.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds the state of optimizer Adam, but it is being loaded into SGD");

        Adam adam2 = new Adam(other.parameters(), 0.05);
        assertThatThrownBy(() -> Checkpoint.load(file, other, adam2, List.of()))
                .hasMessageContaining("the checkpoint holds 1 scheduler states but 0 schedulers were passed");
        assertThatThrownBy(() -> Checkpoint.load(file, other, adam2, List.of(new ExponentialLR(adam2, 0.9))))
                .hasMessageContaining("saved by StepLR, not by ExponentialLR").hasMessageContaining("nothing was changed");
        assertThat(other.parameters().get(0).toDoubleArray()).as("the model was put back").containsExactly(before);
        assertThat(adam2.paramGroups().get(0).lr()).as("the optimizer was put back").isEqualTo(0.05);

        Module wider = new Sequential(new Linear(3, 9), new Tanh(), new Linear(9, 2));
        Adam adam3 = new Adam(wider.parameters(), 0.05);
        assertThatThrownBy(() -> Checkpoint.load(file, wider, adam3, List.of(new StepLR(adam3, 4, 0.5))))
                .hasMessageContaining("size mismatch for 0.weight");

        Module m4 = model(4);
        Adam fewer = new Adam(m4.parameters().subList(0, 2), 0.05);
        double[] m4Before = m4.parameters().get(0).toDoubleArray();
        assertThatThrownBy(() -> Checkpoint.load(file, m4, fewer, List.of(new StepLR(fewer, 4, 0.5))))
                .hasMessageContaining("param group 0 has 4 parameters in the state dict but 2 in this optimizer")
                .hasMessageContaining("nothing was changed");
        assertThat(m4.parameters().get(0).toDoubleArray()).as("the model was put back").containsExactly(m4Before);
    }

    @Test
    void filesThatAreNotCheckpointsAreFormatErrorsNamingTheProblem() throws IOException {
        Module m = model(1);
        SGD sgd = new SGD(m.parameters(), 0.1);
        Path weights = dir.resolve("weights.safetensors");
        SafeTensors.save(weights, m.stateDict());
        assertThatThrownBy(() -> Checkpoint.load(weights, m, sgd, List.of()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("has no \"gradlab.checkpoint\" metadata")
                .hasMessageContaining("a model's weights with SafeTensors.load");

        Path corrupt = dir.resolve("corrupt.safetensors");
        SafeTensors.save(corrupt, Map.of(), Map.of(Checkpoint.METADATA_KEY, "{\"version\":1,\"epoch\":0,"));
        assertThatThrownBy(() -> Checkpoint.load(corrupt, m, sgd, List.of()))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("metadata is not valid JSON");

        Path badEpoch = dir.resolve("bad-epoch.safetensors");
        SafeTensors.save(badEpoch, Map.of(), Map.of(Checkpoint.METADATA_KEY,
                "{\"version\":1,\"epoch\":\"two\",\"step\":3,\"schedulers\":[]}"));
        assertThatThrownBy(() -> Checkpoint.load(badEpoch, m, sgd, List.of()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("epoch \"two\" and step 3, not two whole numbers");

        Path stray = dir.resolve("stray.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weights.0", Tensor.zeros(1));
        SafeTensors.save(stray, tensors, Map.of(Checkpoint.METADATA_KEY,
                "{\"version\":1,\"epoch\":0,\"step\":0,\"schedulers\":[]}"));
        assertThatThrownBy(() -> Checkpoint.load(stray, m, sgd, List.of()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("tensor \"weights.0\" belongs neither to the model");

        Path truncated = dir.resolve("truncated.safetensors");
        Checkpoint.save(truncated, m, sgd, List.of(), new Checkpoint.Progress(0, 0));
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(() -> Checkpoint.load(truncated, m, sgd, List.of()))
                .isInstanceOf(gradlab.nn.io.SafeTensorsFormatException.class).hasMessageContaining("truncated");
    }
}
