package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.nn.Linear;
import gradlab.nn.Sequential;
import gradlab.nn.Tanh;
import gradlab.nn.loss.MSELoss;
import gradlab.optim.io.Checkpoint;
import gradlab.optim.lr.LinearLR;
import gradlab.optim.lr.StepLR;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of part4-optimizers/README.md, as written there, with the results it states. */
class ReadmeExamplesTest {

    @Test
    void aFirstExample() {
        Tensor w = Tensor.of(1.0, -1.5).requiresGrad(true);
        SGD sgd = new SGD(List.of(w), SGD.options(0.1).momentum(0.5));
        for (int i = 0; i < 2; i++) {
            sgd.zeroGrad();
            w.mul(w).mul(Tensor.of(0.5, 5.0)).sum().backward();
            sgd.step();
        }
        double[] out = w.toDoubleArray();      // [0.76, 0.75]

        assertThat(out[0]).isCloseTo(0.76, within(1e-15));
        assertThat(out[1]).isCloseTo(0.75, within(1e-15));
    }

    @Test
    void theErrorsQuoted() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        assertThatThrownBy(() -> new SGD(List.of(a), -0.1))
                .hasMessage("SGD: invalid lr -0.1 in param group 0; lr must be a finite number >= 0");
        assertThatThrownBy(() -> new SGD(List.of(a), SGD.options(0.1).nesterov(true)))
                .hasMessageStartingWith("SGD: Nesterov momentum requires momentum > 0 and dampening = 0, but param"
                        + " group 0 has momentum 0.0 and dampening 0.0; ");
    }

    @Test
    void parameterGroups() {
        Tensor backbone = Tensor.of(1.0).requiresGrad(true);
        Tensor head = Tensor.of(1.0).requiresGrad(true);
        SGD sgd = SGD.ofGroups(List.of(
                new ParamGroup(List.of(backbone)),                 // lr 0.01 from the defaults
                new ParamGroup(List.of(head)).set("lr", 0.1)),     // its own lr
                SGD.options(0.01));
        backbone.add(head).sum().backward();                       // both gradients are 1
        sgd.step();
        double b = backbone.item();                                // 0.99
        double h = head.item();                                    // 0.9

        assertThat(b).isEqualTo(0.99);
        assertThat(h).isEqualTo(0.9);
    }

    @Test
    void stateDicts() {
        Tensor w = Tensor.of(2.0).requiresGrad(true);
        Adam adam = new Adam(List.of(w), 0.1);
        for (int i = 0; i < 3; i++) {
            adam.zeroGrad();
            w.mul(w).sum().backward();
            adam.step();
        }
        OptimizerStateDict saved = adam.stateDict();    // state {0: {step, exp_avg, exp_avg_sq}}, groups [{lr: 0.1, ...}]

        Tensor w2 = Tensor.of(w.item()).requiresGrad(true);       // "after a restart": new tensors, same values
        Adam resumed = new Adam(List.of(w2), 0.1);
        resumed.loadStateDict(saved);
        double step = resumed.state(w2).get("step").item();       // 3.0

        assertThat(step).isEqualTo(3.0);
        assertThat(saved.state().get(0)).containsOnlyKeys("step", "exp_avg", "exp_avg_sq");
        assertThat(saved.paramGroups().get(0)).containsEntry("lr", 0.1);
        // and the two continue identically
        for (Optimizer o : List.of(adam, resumed)) {
            Tensor p = o.paramGroups().get(0).params().get(0);
            o.zeroGrad();
            p.mul(p).sum().backward();
            o.step();
        }
        assertThat(w2.item()).isEqualTo(w.item());
    }

    @Test
    void checkpoints(@TempDir Path dir) throws IOException {
        Tensor x = Tensor.randn(new Generator(5L), 10, 3);
        Tensor y = Tensor.randn(new Generator(6L), 10, 2);

        Sequential model = new Sequential(new Linear(3, 8, true, new Random(1)), new Tanh(),
                new Linear(8, 2, true, new Random(2)));
        Adam adam = new Adam(model.parameters(), 0.05);
        StepLR decay = new StepLR(adam, 4, 0.5);
        MSELoss mse = new MSELoss();
        for (int step = 0; step < 7; step++) {
            adam.zeroGrad();
            mse.forward(model.forward(x), y).backward();
            adam.step();
            decay.step();
        }
        Path file = dir.resolve("run.safetensors");
        Checkpoint.save(file, model, adam, List.of(decay), new Checkpoint.Progress(0, 7));

        // a new process: build everything as before (other initial weights don't matter), then load
        Sequential model2 = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 2));
        Adam adam2 = new Adam(model2.parameters(), 0.05);
        StepLR decay2 = new StepLR(adam2, 4, 0.5);
        Checkpoint.Progress at = Checkpoint.load(file, model2, adam2, List.of(decay2));
        long step = at.step();                                       // 7
        double lr = adam2.paramGroups().get(0).lr();                 // 0.025: halved once, at step 4

        assertThat(step).isEqualTo(7);
        assertThat(lr).isEqualTo(0.025);
        for (Sequential m : List.of(model, model2)) {                // one more step each: the same numbers
            Adam opt = m == model ? adam : adam2;
            opt.zeroGrad();
            mse.forward(m.forward(x), y).backward();
            opt.step();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(model2.parameters().get(i).toDoubleArray())
                    .containsExactly(model.parameters().get(i).toDoubleArray());
        }
    }

    @Test
    void clipping() {
        Tensor a = Tensor.zeros(1).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        a.setGrad(Tensor.of(3.0));
        b.setGrad(Tensor.of(4.0));
        double total = GradClipping.clipGradNorm(List.of(a, b), 1.0, 2.0);   // 5.0
        double ga = a.grad().item();                                         // 3 / (5 + 1e-6), about 0.6

        assertThat(total).isEqualTo(5.0);
        assertThat(ga).isCloseTo(3 / (5 + 1e-6), within(1e-16));
    }

    @Test
    void schedulers() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1);
        LinearLR warmup = new LinearLR(sgd, 0.25, 1.0, 4);
        List<Double> lrs = new ArrayList<>();
        for (int epoch = 0; epoch < 6; epoch++) {
            lrs.add(sgd.paramGroups().get(0).lr());
            sgd.step();                 // the epoch's training
            warmup.step();
        }
        // lrs = [0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1]

        double[] expected = {0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1};
        for (int i = 0; i < expected.length; i++) {
            assertThat(lrs.get(i)).isCloseTo(expected[i], within(1e-15));
        }
    }
}
