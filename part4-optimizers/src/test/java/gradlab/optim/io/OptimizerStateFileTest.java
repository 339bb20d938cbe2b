package gradlab.optim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.nn.io.SafeTensors;
import gradlab.optim.Adagrad;
import gradlab.optim.Adam;
import gradlab.optim.Optimizer;
import gradlab.optim.SGD;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An optimizer's state dict through a safetensors file: the layout, exact round trips, and the errors. */
class OptimizerStateFileTest {
    @TempDir
    Path dir;

    private static List<Tensor> params() {
        return List.of(Tensor.of(0.5, -0.3, 0.8).requiresGrad(true), Tensor.of(0.1).requiresGrad(true));
    }

    private static void train(Optimizer opt, List<Tensor> ps, int steps) {
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            ps.get(0).pow(4).sum().add(ps.get(1).mul(ps.get(0)).sum()).backward();
            opt.step();
        }
    }

    private static List<Tensor> copies(List<Tensor> ps) {
        return ps.stream().map(p -> Tensor.of(p.shape(), p.toDoubleArray()).requiresGrad(true)).toList();
    }

    @Test
    void savesPyTorchsStateNamesAndTheGroupsAsJsonAndResumesBitForBit() throws IOException {
        List<Tensor> straight = params();
        SGD straightSgd = new SGD(straight, SGD.options(0.05).momentum(0.9).nesterov(true));
        train(straightSgd, straight, 7);

        List<Tensor> first = params();
        SGD sgd = new SGD(first, SGD.options(0.05).momentum(0.9).nesterov(true));
        train(sgd, first, 4);
        Path file = dir.resolve("sgd.safetensors");
        OptimizerStateFile.save(file, sgd);

        assertThat(SafeTensors.load(file).keySet())
                .containsExactly("state.0.momentum_buffer", "state.1.momentum_buffer");
        assertThat(SafeTensors.loadMetadata(file).get(OptimizerStateFile.METADATA_KEY)).isEqualTo(
                "{\"version\":1,\"optimizer\":\"SGD\",\"param_groups\":[{\"lr\":0.05,\"momentum\":0.9,"
                        + "\"dampening\":0.0,\"weightDecay\":0.0,\"nesterov\":true,\"maximize\":false,"
                        + "\"params\":[0,1]}]}");

        List<Tensor> resumed = copies(first);
        SGD fresh = new SGD(resumed, SGD.options(0.05).momentum(0.9).nesterov(true));
        OptimizerStateFile.load(file, fresh);
        train(fresh, resumed, 3);
        for (int i = 0; i < 2; i++) {
            assertThat(resumed.get(i).toDoubleArray()).containsExactly(straight.get(i).toDoubleArray());
        }
    }

    @Test
    void float32StateAndAdamsStepCountRoundTripExactly() throws IOException {
        Tensor w = Tensor.of(0.5, -0.3).to(DType.FLOAT32).requiresGrad(true);
        Adam adam = new Adam(List.of(w), Adam.options().lr(0.1).amsgrad(true));
        for (int i = 0; i < 3; i++) {
            adam.zeroGrad();
            w.pow(3).sum().backward();
            adam.step();
        }
        Path file = dir.resolve("adam.safetensors");
        OptimizerStateFile.save(file, adam);
        Tensor w2 = Tensor.of(0.0, 0.0).to(DType.FLOAT32).requiresGrad(true);
        Adam loaded = new Adam(List.of(w2), 0.5);
        OptimizerStateFile.load(file, loaded);

        assertThat(loaded.paramGroups().get(0).lr()).isEqualTo(0.1);
        assertThat(loaded.paramGroups().get(0).getBoolean("amsgrad")).isTrue();
        assertThat(loaded.state(w2).get("step").item()).isEqualTo(3.0);
        for (String key : List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")) {
            assertThat(loaded.state(w2).get(key).dtype()).isEqualTo(DType.FLOAT32);
            assertThat(loaded.state(w2).get(key).toDoubleArray()).as(key)
                    .containsExactly(adam.state(w).get(key).toDoubleArray());
        }
    }

    @Test
    void anotherOptimizerKindOrParameterCountIsAClearErrorThatChangesNothing() throws IOException {
        List<Tensor> ps = params();
        SGD sgd = new SGD(ps, SGD.options(0.1).momentum(0.9));
        train(sgd, ps, 2);
        Path file = dir.resolve("sgd.safetensors");
        OptimizerStateFile.save(file, sgd);

        Adam adam = new Adam(params(), 0.1);
        assertThatThrownBy(() -> OptimizerStateFile.load(file, adam))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds the state of optimizer SGD, but it is being loaded into Adam; build SGD");
        Adagrad adagrad = new Adagrad(params(), 0.1);
        assertThatThrownBy(() -> OptimizerStateFile.load(file, adagrad)).hasMessageContaining("optimizer SGD");

        SGD fewer = new SGD(List.of(Tensor.zeros(3).requiresGrad(true)), SGD.options(0.5).momentum(0.9));
        assertThatThrownBy(() -> OptimizerStateFile.load(file, fewer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("param group 0 has 2 parameters in the state dict but 1 in this optimizer");
        assertThat(fewer.paramGroups().get(0).lr()).isEqualTo(0.5);
    }

    @Test
    void corruptMetadataOrTensorNamesAreFormatErrorsNamingTheProblem() throws IOException {
        SGD sgd = new SGD(params(), SGD.options(0.1).momentum(0.9));
        Map<String, Tensor> none = Map.of();
        String[][] cases = {
                {"{\"version\":1,\"optimizer\":\"SGD\",\"param_groups\":[{\"lr\":0.1,",
                        "metadata is not valid JSON"},
                {"[1, 2]", "optimizer metadata is [1,2], not a JSON object"},
                {"{\"version\":2,\"optimizer\":\"SGD\",\"param_groups\":[]}", "has version 2; this GradLab reads"
                        + " version 1"},
                {"{\"version\":1,\"param_groups\":[]}", "has \"optimizer\": null, not the optimizer's class name"},
                {"{\"version\":1,\"optimizer\":\"SGD\"}", "has \"param_groups\": null, not an array of objects"},
                {"{\"version\":1,\"optimizer\":\"SGD\",\"param_groups\":[{\"lr\":0.1}]}", "param group 0 has no"
                        + " \"params\" list"},
                {"{\"version\":1,\"optimizer\":\"SGD\",\"param_groups\":[{\"lr\":\"fast\",\"params\":[0]}]}",
                        "param group 0 has option \"lr\": \"fast\", not a number or a boolean"},
                {"{\"version\":1,\"optimizer\":\"SGD\",\"param_groups\":[{\"lr\":0.1,\"params\":[0,-1]}]}",
                        "param group 0 has \"params\": [0,-1], not a list of parameter indices"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve("bad.safetensors");
            SafeTensors.save(file, none, Map.of(OptimizerStateFile.METADATA_KEY, c[0]));
            assertThatThrownBy(() -> OptimizerStateFile.load(file, sgd)).as(c[0])
                    .isInstanceOf(CheckpointFormatException.class)
                    .hasMessageContaining(file + " is not a valid GradLab optimizer state file: ")
                    .hasMessageContaining(c[1])
                    .hasMessageContaining("as written by OptimizerStateFile.save");
        }

        Path badName = dir.resolve("bad-name.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("state.zero.momentum_buffer", Tensor.zeros(3));
        SafeTensors.save(badName, tensors, Map.of(OptimizerStateFile.METADATA_KEY,
                "{\"version\":1,\"optimizer\":\"SGD\",\"param_groups\":[]}"));
        assertThatThrownBy(() -> OptimizerStateFile.load(badName, sgd))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("tensor \"state.zero.momentum_buffer\" is not named state.<parameter index>."
                        + "<state name>");

        Path weights = dir.resolve("weights.safetensors");
        SafeTensors.save(weights, Map.of("w", Tensor.zeros(2)));
        assertThatThrownBy(() -> OptimizerStateFile.load(weights, sgd))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("it has no \"gradlab.optimizer\" metadata (its metadata keys are [format]");
    }
}
