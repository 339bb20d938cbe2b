package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradlab.tensor.device.AdamStep;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;
import gradlab.tensor.device.RmspropStep;
import gradlab.tensor.device.SgdStep;
import gradlab.tensor.device.Storage;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bridge from optimizers to the fused update kernels: updates happen in the tensors' own storage (no new
 * storage, one version bump), non-compact operands are served through compact copies, a CPU step allocates no
 * temporaries, and every bad operand is a named error thrown before anything is written.
 */
class OptimizerKernelsTest {
    static final AdamStep ADAM = new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0, false, true, false, 1);

    static Device device(String name) {
        return name.equals("cpu") ? CpuDevice.INSTANCE : ReferenceDevice.INSTANCE;
    }

    @ParameterizedTest(name = "adamStep amsgrad updates in place on {0} {1}")
    @CsvSource({"cpu, FLOAT32", "cpu, FLOAT64", "reference, FLOAT32", "reference, FLOAT64"})
    void theParameterAndItsStateAreUpdatedInTheirOwnStorage(String deviceName, DType dtype) {
        Device device = device(deviceName);
        Tensor w = Tensor.on(device, dtype).of(0.5, -0.25, 2.0);
        Tensor g = Tensor.on(device, dtype).of(1.0, -2.0, 0.5);
        Tensor m = Tensor.zerosLike(w);
        Tensor v = Tensor.zerosLike(w);
        Tensor vmax = Tensor.zerosLike(w);
        Storage[] storages = {w.storage(), m.storage(), v.storage(), vmax.storage()};
        int[] versions = {w.version(), m.version(), v.version(), vmax.version()};

        OptimizerKernels.adamStep("Adam", ADAM, w, g, m, v, vmax);

        Tensor[] written = {w, m, v, vmax};
        for (int i = 0; i < written.length; i++) {
            assertThat(written[i].storage()).as("operand %d keeps its storage", i).isSameAs(storages[i]);
            assertThat(written[i].version()).as("operand %d's version", i).isEqualTo(versions[i] + 1);
        }
        // the first Adam step moves every weight by lr * sign(g) (up to eps): m/(sqrt(v)/sqrt(1-b2)) = g/|g|
        double[] expected = {0.5 - 1e-3, -0.25 + 1e-3, 2.0 - 1e-3};
        double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-10;
        for (int i = 0; i < 3; i++) {
            assertThat(w.toDoubleArray()[i]).as("w[%d]", i).isCloseTo(expected[i], offset(tol));
        }
        assertThat(m.toDoubleArray()).as("m = (1 - 0.9) g").containsExactly(round(dtype, 1 - 0.9, 1.0),
                round(dtype, 1 - 0.9, -2.0), round(dtype, 1 - 0.9, 0.5));
        assertThat(vmax.toDoubleArray()).as("vmax = v").containsExactly(v.toDoubleArray());
        assertThat(g.toDoubleArray()).as("the gradient is read only").containsExactly(
                Tensor.on(device, dtype).of(1.0, -2.0, 0.5).toDoubleArray());
    }

    /** (1 - 0.9) * g as the dtype computes it: the scalar rounded, then the product rounded. */
    private static double round(DType dtype, double c, double g) {
        return dtype == DType.FLOAT32 ? (double) ((float) c * (float) g) : c * g;
    }

    @ParameterizedTest(name = "sgdStep momentum on non-compact operands on {0}")
    @CsvSource({"cpu", "reference"})
    void nonCompactOperandsGoThroughCompactCopiesAndComeBack(String deviceName) {
        Device device = device(deviceName);
        SgdStep sgd = new SgdStep(0.1, 0.9, 0, 0.01, true, false, false);
        Tensor compactW = Tensor.on(device, DType.FLOAT64).of(new double[][] {{1, 2, 3}, {4, 5, 6}}).t().contiguous();
        Tensor compactG = Tensor.on(device, DType.FLOAT64).of(new double[][] {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}});
        Tensor compactV = Tensor.on(device, DType.FLOAT64).of(new double[][] {{1, -1}, {2, -2}, {3, -3}});
        OptimizerKernels.sgdStep("SGD", sgd, compactW, compactG, compactV);

        Tensor w = Tensor.on(device, DType.FLOAT64).of(new double[][] {{1, 2, 3}, {4, 5, 6}}).t(); // transposed
        Tensor g = Tensor.on(device, DType.FLOAT64).of(0.5).expand(3, 2);                          // stride 0
        Tensor v = Tensor.on(device, DType.FLOAT64).of(new double[][] {{1, 2, 3}, {-1, -2, -3}}).t();
        Storage wStorage = w.storage();
        OptimizerKernels.sgdStep("SGD", sgd, w, g, v);

        assertThat(w.isContiguous()).isFalse();
        assertThat(w.storage()).isSameAs(wStorage);
        assertThat(w.contiguous().toDoubleArray()).containsExactly(compactW.toDoubleArray());
        assertThat(v.contiguous().toDoubleArray()).containsExactly(compactV.toDoubleArray());
        assertThat(compactW.get(0, 0)).as("w = 1 - 0.1 (g + 0.01 w + 0.9 v), v = 0.9 v + (g + 0.01 w)")
                .isEqualTo(1 + (0.51 + (0.9 * 1 + 0.51) * 0.9) * -0.1);
    }

    @Test
    void aCpuFloat32AdamStepAllocatesNoTemporaries() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");
        int n = 100_000; // one float32 temporary would be 400 kB
        Random r = new Random(7);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = r.nextGaussian();
        }
        Tensor w = Kernels.fromDoubles(CpuDevice.INSTANCE, DType.FLOAT32, new int[] {n}, values);
        Tensor g = w.mul(0.1);
        Tensor m = Tensor.zerosLike(w);
        Tensor v = Tensor.zerosLike(w);
        Tensor vmax = Tensor.zerosLike(w);
        for (int i = 0; i < 3; i++) {
            OptimizerKernels.adamStep("Adam", ADAM, w, g, m, v, vmax); // warm up
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        OptimizerKernels.adamStep("Adam", ADAM, w, g, m, v, vmax);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by one fused Adam step on 100,000 float32 weights")
                .isLessThan(16_384);
    }

    @Test
    void badOperandsAreNamedErrorsBeforeAnythingIsWritten() {
        Tensor w = Tensor.of(1, 2);
        Tensor g = Tensor.of(0.5, 0.5);
        SgdStep momentum = new SgdStep(0.1, 0.9, 0, 0, false, false, false);
        assertUnchangedAfter(w, () -> OptimizerKernels.sgdStep("SGD", momentum, w, g,
                Tensor.on(ReferenceDevice.INSTANCE, DType.FLOAT64).of(0, 0)), "SGD: expected all tensors on the same"
                + " device, but found cpu and reference");
        assertUnchangedAfter(w, () -> OptimizerKernels.sgdStep("SGD", momentum, w, g, Tensor.of(0, 0)
                .to(DType.FLOAT32)), "SGD: state 'momentum_buffer' is float32 but the parameter is float64");
        assertUnchangedAfter(w, () -> OptimizerKernels.sgdStep("SGD", momentum, w, g, Tensor.of(0, 0, 0)),
                "SGD: state 'momentum_buffer' has shape [3] but the parameter has shape [2]");
        assertUnchangedAfter(w, () -> OptimizerKernels.sgdStep("SGD", momentum, w, g, null),
                "SGD: state 'momentum_buffer' is null, but momentum != 0 needs it");
        assertUnchangedAfter(w, () -> OptimizerKernels.rmspropStep("RMSprop", new RmspropStep(0.01, 0.99, 1e-8, 0,
                0, true, false), w, g, Tensor.of(0, 0), null, null), "RMSprop: state 'grad_avg' is null, but"
                + " centered needs it");
        assertUnchangedAfter(w, () -> OptimizerKernels.sgdStep("SGD", momentum, w, g, Tensor.of(0).expand(2)),
                "an expanded tensor");
        Tensor leaf = Tensor.of(1, 2).requiresGrad(true);
        assertThatThrownBy(() -> OptimizerKernels.sgdStep("SGD", new SgdStep(0.1, 0, 0, 0, false, false, false),
                leaf, g, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SGD: the parameter requires grad and grad mode is on")
                .hasMessageContaining("Tensor.noGrad()");
        assertThat(leaf.toDoubleArray()).containsExactly(1, 2);
    }

    private static void assertUnchangedAfter(Tensor w, Runnable update, String message) {
        int version = w.version();
        double[] before = w.toDoubleArray();
        assertThatThrownBy(update::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(w.toDoubleArray()).as("w after the refused update").containsExactly(before);
        assertThat(w.version()).as("w's version after the refused update").isEqualTo(version);
    }
}
