package gradlab.mnist.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.Parameter;
import gradlab.nn.ReLU;
import gradlab.nn.Sequential;
import gradlab.nn.loss.CrossEntropyLoss;
import gradlab.optim.SGD;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end: an MLP (part 3's Linear and ReLU, cross-entropy) trained by part 4's SGD with momentum, with every tensor
 * on the OpenCL device, gives the CPU device's losses step by step, within float tolerance; and the OpenCL device
 * really ran the kernels (its matmul launches were counted and verified).
 */
class OpenClTrainingTest {
    static OpenClDevice cl;

    @BeforeAll
    static void openDevice() {
        cl = OpenClTesting.device();
    }

    static Module mlp(int in, int hidden, int classes, long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(in, hidden, true, g), new ReLU(), new Linear(hidden, classes, true, g));
    }

    /** Losses of {@code steps} SGD steps (lr 0.1, momentum 0.9) on one seeded batch, everything on {@code device}. */
    static List<Double> train(Device device, DType dtype, int in, int hidden, int batch, int steps, long seed) {
        Module model = mlp(in, hidden, 10, seed).to(device).to(dtype);
        SGD sgd = new SGD(model.parameters(), SGD.options(0.1).momentum(0.9));
        Tensor x = Tensor.on(device, dtype).randn(new Generator(seed + 1), batch, in);
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = (i * 7) % 10;
        }
        Tensor y = Tensor.on(device, dtype).of(new int[] {batch}, labels);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            sgd.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            sgd.step();
            losses.add(loss.item());
        }
        for (Parameter p : model.parameters()) {
            assertThat(p.device()).as("parameter device after training").isSameAs(device);
            assertThat(p.grad().device()).as("gradient device").isSameAs(device);
        }
        return losses;
    }

    @ParameterizedTest(name = "MLP {1}-{2}-10 batch {3} {0} seed {4}: losses on OpenCL equal those on the CPU device")
    @CsvSource({"FLOAT32, 20, 16, 32, 11", "FLOAT64, 20, 16, 32, 11", "FLOAT32, 784, 100, 128, 5"})
    void anMlpTrainsOnOpenClAsOnTheCpu(DType dtype, int in, int hidden, int batch, long seed) {
        Assumptions.assumeTrue(cl.supports(dtype), () -> cl.describe() + " has no " + dtype);
        Class<? extends com.aparapi.Kernel> matmul = dtype == DType.FLOAT32 ? MatmulFloatKernel.class
                : MatmulDoubleKernel.class;
        Class<? extends com.aparapi.Kernel> sgdStep = dtype == DType.FLOAT32 ? SgdStepFloatKernel.class
                : SgdStepDoubleKernel.class;
        long before = OpenClTesting.launches(cl, matmul);
        long updatesBefore = OpenClTesting.launches(cl, sgdStep);
        int steps = 5;
        List<Double> onOpenCl = train(cl, dtype, in, hidden, batch, steps, seed);
        assertThat(OpenClTesting.launches(cl, sgdStep) - updatesBefore).as("verified fused SGD updates on OpenCL,"
                + " one per parameter and step").isEqualTo(4L * steps);
        // forward 2 products, backward 3 (the first layer's input needs no gradient), per step
        assertThat(OpenClTesting.launches(cl, matmul) - before).as("verified OpenCL matmul launches")
                .isGreaterThanOrEqualTo(5L * steps);
        List<Double> onCpu = train(CpuDevice.INSTANCE, dtype, in, hidden, batch, steps, seed);
        double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-10;
        for (int s = 0; s < steps; s++) {
            assertThat(onOpenCl.get(s)).as("loss at step %d on %s vs cpu (cpu losses %s, OpenCL %s)", s,
                    cl.describe(), onCpu, onOpenCl).isCloseTo(onCpu.get(s), within(tol * Math.max(1, onCpu.get(s))));
        }
        assertThat(onOpenCl.get(steps - 1)).as("it learns").isLessThan(onOpenCl.get(0));
    }
}
