package gradlab.mnist.opencl;

import static gradlab.mnist.opencl.OpenClTesting.assertClose;
import static gradlab.mnist.opencl.OpenClTesting.assertRanOnOpenCl;
import static gradlab.mnist.opencl.OpenClTesting.launches;
import static org.assertj.core.api.Assertions.assertThat;

import com.aparapi.Kernel;
import gradlab.tensor.DType;
import gradlab.tensor.Kernels;
import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.AdagradStep;
import gradlab.tensor.device.AdamStep;
import gradlab.tensor.device.ReferenceDevice;
import gradlab.tensor.device.RmspropStep;
import gradlab.tensor.device.SgdStep;
import gradlab.tensor.testing.OptimizerStepCases;
import gradlab.tensor.testing.OptimizerStepCases.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenCL device's fused optimizer updates ({@link SgdStepFloatKernel}, {@link AdamStepDoubleKernel}, ...) against
 * part 2's {@link ReferenceDevice}, for every option combination of {@link OptimizerStepCases} in float32 (and
 * float64 where the device has it) at sizes 1, 129 (not a multiple of the work group) and a seeded one. Each case
 * asserts that its kernel ran on the OpenCL device. A case is named "op dtype n seed (options) on opencl".
 */
class OpenClOptimizerKernelsTest {
    static final long SEED = 20261201L;
    static OpenClDevice cl;

    @BeforeAll
    static void openDevice() {
        cl = OpenClTesting.device();
    }

    static Class<? extends Kernel> kernelOf(Case c) {
        boolean f32 = c.dtype() == DType.FLOAT32;
        if (c.options() instanceof SgdStep) {
            return f32 ? SgdStepFloatKernel.class : SgdStepDoubleKernel.class;
        } else if (c.options() instanceof AdamStep) {
            return f32 ? AdamStepFloatKernel.class : AdamStepDoubleKernel.class;
        } else if (c.options() instanceof RmspropStep) {
            return f32 ? RmspropStepFloatKernel.class : RmspropStepDoubleKernel.class;
        }
        assertThat(c.options()).isInstanceOf(AdagradStep.class);
        return f32 ? AdagradStepFloatKernel.class : AdagradStepDoubleKernel.class;
    }

    @TestFactory
    Stream<DynamicTest> everyUpdateMatchesTheReferenceDevice() {
        List<DType> dtypes = cl.supports(DType.FLOAT64) ? List.of(DType.FLOAT32, DType.FLOAT64)
                : List.of(DType.FLOAT32);
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : OptimizerStepCases.cases(dtypes, SEED)) {
            tests.add(DynamicTest.dynamicTest(c.name() + " on opencl", () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(Case c) {
        Class<? extends Kernel> kernel = kernelOf(c);
        long before = launches(cl, kernel);
        Map<String, double[]> onCl = OptimizerStepCases.runFused(c, cl);
        assertRanOnOpenCl(cl, kernel, before);
        Map<String, double[]> onRef = OptimizerStepCases.runFused(c, ReferenceDevice.INSTANCE);
        assertThat(onCl.keySet()).containsExactlyElementsOf(onRef.keySet());
        for (String operand : onRef.keySet()) {
            assertClose(c.name() + " on opencl, " + operand, onCl.get(operand), onRef.get(operand),
                    OpenClTesting.tolerance(c.dtype()));
        }
    }

    @ParameterizedTest(name = "adamStep amsgrad through the bridge updates in place on opencl {0}")
    @EnumSource(names = {"FLOAT32", "FLOAT64"})
    void theBridgeUpdatesTheTensorsOwnOpenClStorage(DType dtype) {
        org.junit.jupiter.api.Assumptions.assumeTrue(cl.supports(dtype), () -> cl.describe() + " has no " + dtype);
        double[] w0 = {0.5, -0.25, 2.0, 1.5, -3.0};
        double[] g0 = {1.0, -2.0, 0.5, 0.0, 4.0};
        AdamStep adam = new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0.01, true, true, false, 3);
        Tensor[] onCl = operands(cl, dtype, w0, g0);
        Tensor[] onRef = operands(ReferenceDevice.INSTANCE, dtype, w0, g0);
        Tensor[] views = new Tensor[onCl.length]; // views of the storages as they were before the step
        for (int i = 0; i < onCl.length; i++) {
            views[i] = Kernels.view(onCl[i], new int[] {5}, new int[] {1}, 0);
        }
        long before = launches(cl, dtype == DType.FLOAT32 ? AdamStepFloatKernel.class : AdamStepDoubleKernel.class);
        int version = onCl[0].version();
        OptimizerKernels.adamStep("AdamW", adam, onCl[0], onCl[1], onCl[2], onCl[3], onCl[4]);
        OptimizerKernels.adamStep("AdamW", adam, onRef[0], onRef[1], onRef[2], onRef[3], onRef[4]);
        assertRanOnOpenCl(cl, dtype == DType.FLOAT32 ? AdamStepFloatKernel.class : AdamStepDoubleKernel.class,
                before);
        assertThat(onCl[0].version()).as("the parameter's version").isEqualTo(version + 1);
        String[] names = {"param", "grad", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
        for (int i = 0; i < onCl.length; i++) {
            assertClose("AdamW amsgrad " + dtype + " through the bridge, " + names[i], onCl[i].toDoubleArray(),
                    onRef[i].toDoubleArray(), OpenClTesting.tolerance(dtype));
        }
        for (int i = 0; i < onCl.length; i++) {
            assertThat(views[i].sharesStorageWith(onCl[i])).as("%s keeps its storage", names[i]).isTrue();
            assertThat(views[i].toDoubleArray()).as("%s's old storage holds the update", names[i])
                    .containsExactly(onCl[i].toDoubleArray());
        }
        assertThat(onCl[0].toDoubleArray()).as("the parameter moved").isNotEqualTo(Tensor.of(w0).toDoubleArray());
    }

    /** param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq on {@code device}. */
    private static Tensor[] operands(gradlab.tensor.device.Device device, DType dtype, double[] w, double[] g) {
        int[] shape = {w.length};
        return new Tensor[] {Kernels.fromDoubles(device, dtype, shape, w), Kernels.fromDoubles(device, dtype, shape, g),
            Kernels.fromDoubles(device, dtype, shape, new double[] {0.1, -0.1, 0.2, 0, 0.3}),
            Kernels.fromDoubles(device, dtype, shape, new double[] {0.01, 0.02, 0.001, 0, 0.04}),
            Kernels.fromDoubles(device, dtype, shape, new double[] {0.02, 0.01, 0.002, 0, 0.01})};
    }
}
