package gradlab.exercises.ex5;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Blobs;
import gradlab.exercises.support.Expect;
import gradlab.mnist.data.Batch;
import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.Dataset;
import gradlab.mnist.train.Evaluation;
import gradlab.nn.Dropout;
import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.ReLU;
import gradlab.nn.Sequential;
import gradlab.nn.loss.CrossEntropyLoss;
import gradlab.nn.loss.Loss;
import gradlab.optim.Optimizer;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.GradMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Public tests of exercise 5.1: your training loop against a reference loop, step for step, on a tiny seeded
 * dataset of Gaussian blobs (8 features, 3 classes: {@link Blobs}); and the modes it must run in.
 */
@Tag("ex5")
class Ex5TrainingLoopTest {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    /** Linear(8, 16), ReLU, Dropout(p), Linear(16, 3), every weight and dropout mask drawn from {@code seed}. */
    static Module mlp(long seed, double dropout, Module... probe) {
        Random r = new Random(seed);
        List<Module> layers = new ArrayList<>(List.of(probe));
        layers.addAll(List.of(new Linear(FEATURES, 16, true, r), new ReLU(), new Dropout(dropout, seed + 1),
                new Linear(16, CLASSES, true, r)));
        return new Sequential(layers);
    }

    static SGD sgd(Module m) {
        return new SGD(m.parameters(), SGD.options(0.1).momentum(0.9));
    }

    /** The loop every PyTorch script writes, to compare with. */
    static double referenceEpoch(Module model, DataLoader loader, Optimizer optimizer, Loss lossFn) {
        model.train();
        double sum = 0;
        int batches = 0;
        for (Batch b : loader) {
            optimizer.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(b.x()), b.y());
            loss.backward();
            optimizer.step();
            sum += loss.item();
            batches++;
        }
        return sum / batches;
    }

    static double[] parameters(Module m) {
        return m.parameters().stream().flatMapToDouble(p -> java.util.Arrays.stream(p.toDoubleArray())).toArray();
    }

    /** Records, at each forward, whether the model was in training mode and whether autograd recorded. */
    static final class Probe extends Module {
        final List<String> seen = new ArrayList<>();

        @Override
        public Tensor forward(Tensor input) {
            seen.add((isTraining() ? "train" : "eval") + (GradMode.isEnabled() ? "+grad" : "+noGrad"));
            return input;
        }
    }

    @Test
    @Points(2)
    @DisplayName("ex5.1 trainEpoch equals the reference loop over 3 epochs: losses and weights (seed 151)")
    void stepForStep() {
        Dataset data = Blobs.dataset(151, 90, FEATURES, CLASSES);
        Module expected = mlp(151, 0.25);
        Module mine = mlp(151, 0.25);
        expected.eval(); // trainEpoch must switch training mode on itself
        mine.eval();
        DataLoader le = Blobs.shuffled(data, 0, 90, 16, 152);
        DataLoader lm = Blobs.shuffled(data, 0, 90, 16, 152);
        SGD oe = sgd(expected);
        SGD om = sgd(mine);
        Loss loss = new CrossEntropyLoss();
        for (int epoch = 1; epoch <= 3; epoch++) {
            double e = referenceEpoch(expected, le, oe, loss);
            double m = TrainingLoop.trainEpoch(mine, lm, om, loss);
            System.out.printf("ex5.1 seed 151 epoch %d: reference loss %.6f, yours %.6f%n", epoch, e, m);
            Expect.close("ex5.1 mean loss of epoch " + epoch + " (seed 151)", e, m, 1e-12);
        }
        Expect.close("ex5.1 parameters after 3 epochs (seed 151)", parameters(expected), parameters(mine), 1e-12);
    }

    @Test
    @Points(1)
    @DisplayName("ex5.1 an MLP learns the blobs: loss falls, held-out accuracy rises above 90% (seed 161)")
    void learns() {
        Dataset data = Blobs.dataset(161, 240, FEATURES, CLASSES);
        Module model = mlp(161, 0.1);
        DataLoader train = Blobs.shuffled(data, 0, 180, 16, 162);
        DataLoader test = Blobs.sequential(data, 180, 240, 25);
        SGD opt = sgd(model);
        Loss loss = new CrossEntropyLoss();
        double before = TrainingLoop.evaluate(model, test);
        double first = TrainingLoop.trainEpoch(model, train, opt, loss);
        double last = first;
        for (int epoch = 2; epoch <= 6; epoch++) {
            last = TrainingLoop.trainEpoch(model, train, opt, loss);
        }
        double after = TrainingLoop.evaluate(model, test);
        System.out.printf("ex5.1 seed 161: loss %.4f -> %.4f, accuracy %.3f -> %.3f%n", first, last, before, after);
        Expect.that("ex5.1 loss of epoch 6 vs epoch 1 (seed 161)", last < 0.5 * first,
                "the loss went from " + first + " to " + last + ", expected it to fall below half");
        Expect.that("ex5.1 held-out accuracy after 6 epochs (seed 161)", after >= 0.9 && after > before,
                "accuracy went from " + before + " to " + after + ", expected >= 0.9 and higher than before");
    }

    @Test
    @Points(1)
    @DisplayName("ex5.1 trainEpoch runs in train mode with autograd; evaluate in eval mode under noGrad (seed 171)")
    void modes() {
        Dataset data = Blobs.dataset(171, 50, FEATURES, CLASSES);
        Probe probe = new Probe();
        Module model = mlp(171, 0.5, probe);
        model.eval();
        TrainingLoop.trainEpoch(model, Blobs.shuffled(data, 0, 50, 16, 172), sgd(model), new CrossEntropyLoss());
        Expect.that("ex5.1 modes seen by trainEpoch's 4 forwards (seed 171)",
                probe.seen.equals(List.of("train+grad", "train+grad", "train+grad", "train+grad")),
                "the model saw " + probe.seen + "; call model.train() first, and one forward per batch");
        probe.seen.clear();
        double[] weights = parameters(model);
        model.train();
        TrainingLoop.evaluate(model, Blobs.sequential(data, 0, 50, 20));
        Expect.that("ex5.1 modes seen by evaluate's 3 forwards (seed 171)",
                probe.seen.equals(List.of("eval+noGrad", "eval+noGrad", "eval+noGrad")),
                "the model saw " + probe.seen + "; call model.eval() and run inside Tensor.noGrad()");
        Expect.that("ex5.1 mode after evaluate (seed 171)", model.isTraining() && GradMode.isEnabled(),
                "after evaluate the model is in " + (model.isTraining() ? "train" : "eval") + " mode and grad mode is "
                        + GradMode.isEnabled() + "; give back the mode it was in (train) and close the noGrad scope");
        Expect.close("ex5.1 evaluate leaves the weights unchanged (seed 171)", weights, parameters(model), 0);
        model.eval();
        TrainingLoop.evaluate(model, Blobs.sequential(data, 0, 50, 20));
        Expect.that("ex5.1 a model in eval mode stays in eval mode after evaluate (seed 171)", !model.isTraining(),
                "evaluate switched the model to train mode; give back the mode it was in");
    }

    @Test
    @Points(1)
    @DisplayName("ex5.1 evaluate equals part 5's Evaluation accuracy, batches of 7 over 45 examples (seed 181)")
    void evaluateAccuracy() {
        Dataset data = Blobs.dataset(181, 120, FEATURES, CLASSES);
        Module model = mlp(181, 0.5);
        DataLoader test = Blobs.sequential(data, 75, 120, 7);
        SGD opt = new SGD(model.parameters(), 0.01);
        for (int epoch = 0; epoch <= 2; epoch++) { // untrained, then after 1 and 2 short epochs: neither 0 nor 1
            if (epoch > 0) {
                referenceEpoch(model, Blobs.shuffled(data, 0, 75, 16, 181 + epoch), opt, new CrossEntropyLoss());
            }
            double expected = Evaluation.of(model, new CrossEntropyLoss(), test, CLASSES).accuracy();
            double mine = TrainingLoop.evaluate(model, test);
            System.out.printf("ex5.1 seed 181 after %d epochs: accuracy %.4f (part 5: %.4f)%n", epoch, mine, expected);
            Expect.close("ex5.1 accuracy on 45 held-out examples after " + epoch + " epochs (seed 181)", expected,
                    mine, 1e-12);
        }
    }
}
