package gradlab.exercises.hidden;

import gradlab.exercises.ex5.ReluBackwardKernel;
import gradlab.exercises.ex5.TrainingLoop;
import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Blobs;
import gradlab.exercises.support.Expect;
import gradlab.exercises.support.OpenClRun;
import gradlab.mnist.data.Batch;
import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.Dataset;
import gradlab.mnist.train.Evaluation;
import gradlab.nn.Dropout;
import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.Tanh;
import gradlab.nn.Sequential;
import gradlab.nn.loss.CrossEntropyLoss;
import gradlab.nn.loss.Loss;
import gradlab.optim.Adam;
import gradlab.optim.Optimizer;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Example hidden tests for exercise 5: the loop with another model, Adam, 4 classes and a last partial batch, against
 * a reference loop and part 5's Evaluation; the kernel against part 2's ReLU backward at sizes between group sizes.
 */
@Tag("ex5")
class HiddenEx5Test {

    static Module mlp(long seed) {
        Random r = new Random(seed);
        return new Sequential(new Linear(6, 10, true, r), new Tanh(), new Dropout(0.3, seed + 1),
                new Linear(10, 4, true, r));
    }

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
        return m.parameters().stream().flatMapToDouble(p -> Arrays.stream(p.toDoubleArray())).toArray();
    }

    @Test
    @Points(2)
    @DisplayName("ex5.1 trainEpoch with Adam, batches of 9 over 70 examples, equals the reference loop; evaluate equals"
            + " part 5's Evaluation (seed 6001)")
    void adamLoop() {
        Dataset data = Blobs.dataset(6001, 100, 6, 4);
        Module expected = mlp(6001);
        Module mine = mlp(6001);
        Optimizer oe = new Adam(expected.parameters(), Adam.options().lr(0.01));
        Optimizer om = new Adam(mine.parameters(), Adam.options().lr(0.01));
        DataLoader le = Blobs.shuffled(data, 0, 70, 9, 6002);
        DataLoader lm = Blobs.shuffled(data, 0, 70, 9, 6002);
        DataLoader test = Blobs.sequential(data, 70, 100, 8);
        Loss loss = new CrossEntropyLoss();
        for (int epoch = 1; epoch <= 4; epoch++) {
            double e = referenceEpoch(expected, le, oe, loss);
            double m = TrainingLoop.trainEpoch(mine, lm, om, loss);
            Expect.close("ex5.1 Adam mean loss of epoch " + epoch + " (seed 6001)", e, m, 1e-12);
            double acc = Evaluation.of(expected, loss, test, 4).accuracy();
            Expect.close("ex5.1 accuracy after epoch " + epoch + " (seed 6001)", acc, TrainingLoop.evaluate(mine, test),
                    1e-12);
            Expect.that("ex5.1 mode after evaluate (seed 6001)", mine.isTraining(), "evaluate left the model in eval"
                    + " mode; give back the mode it was in");
        }
        Expect.close("ex5.1 parameters after 4 epochs of Adam (seed 6001)", parameters(expected), parameters(mine),
                1e-12);
    }

    @Test
    @Points(2)
    @DisplayName("ex5.2 ReluBackwardKernel on OpenCL equals part 2's relu backward for n = 129, 777, 1025 (seed 6003)")
    void kernelAgainstPart2() {
        Random r = new Random(6003);
        for (int n : new int[] {129, 777, 1025}) {
            float[] x = new float[n];
            float[] dy = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = i % 17 == 0 ? 0.0f : (float) r.nextGaussian();
                dy[i] = (float) r.nextGaussian();
            }
            String label = "ex5.2 ReluBackwardKernel n = " + n + " (seed 6003)";
            ReluBackwardKernel k = new ReluBackwardKernel(x, dy);
            float[] dx;
            try {
                OpenClRun.run(label, k, n);
                dx = k.dx().clone();
            } finally {
                k.dispose();
            }
            Tensor xt = Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).of(new int[] {n}, doubles(x)).requiresGrad(true);
            xt.relu().backward(Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).of(new int[] {n}, doubles(dy)));
            Expect.close(label, xt.grad().toDoubleArray(), doubles(dx), 0);
        }
    }

    static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
