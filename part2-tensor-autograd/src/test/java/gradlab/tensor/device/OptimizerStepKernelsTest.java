package gradlab.tensor.device;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gradlab.tensor.DType;
import gradlab.tensor.testing.OptimizerStepCases;
import gradlab.tensor.testing.OptimizerStepCases.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fused optimizer updates ({@link Device#sgdStep}, {@link Device#adamStep}, {@link Device#rmspropStep},
 * {@link Device#adagradStep}) on the reference and CPU devices, for every option combination of
 * {@link OptimizerStepCases} in float32 and float64 at sizes 1, 129 and a seeded one: each device's fused result
 * equals, to the last bit, the same update written op by op with tensor ops on that device (how part 4's optimizers
 * computed it before), and the CPU device's equals the reference device's. A case is named "op dtype n seed (options)
 * on device".
 */
class OptimizerStepKernelsTest {
    static final long SEED = 20261201L;
    static final List<Device> DEVICES = List.of(ReferenceDevice.INSTANCE, CpuDevice.INSTANCE);

    @TestFactory
    Stream<DynamicTest> fusedUpdateEqualsTheOpByOpFormulaAndTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : OptimizerStepCases.cases(List.of(DType.FLOAT32, DType.FLOAT64), SEED)) {
            for (Device device : DEVICES) {
                tests.add(DynamicTest.dynamicTest(c.name() + " on " + device.name(), () -> check(c, device)));
            }
        }
        return tests.stream();
    }

    private static void check(Case c, Device device) {
        Map<String, double[]> before = OptimizerStepCases.initial(c);
        Map<String, double[]> fused = OptimizerStepCases.runFused(c, device);
        assertBitwiseEqual(c.name() + " on " + device.name() + ", fused vs op by op", fused,
                OptimizerStepCases.runComposite(c, device));
        if (device != ReferenceDevice.INSTANCE) {
            assertBitwiseEqual(c.name() + " on " + device.name() + " vs the reference device", fused,
                    OptimizerStepCases.runFused(c, ReferenceDevice.INSTANCE));
        }
        double[] w0 = before.get("param");
        double[] w1 = fused.get("param");
        boolean moved = false;
        for (int i = 0; i < w0.length; i++) {
            moved |= (float) w0[i] != (float) w1[i];
        }
        assertTrue(moved, c.name() + " on " + device.name() + ": the step did not move the parameter");
        double[] g0 = before.get("grad");
        for (int i = 0; i < g0.length; i++) {
            if ((c.dtype() == DType.FLOAT32 ? (float) g0[i] : g0[i]) != fused.get("grad")[i]) {
                fail(c.name() + " on " + device.name() + ": the gradient changed at element " + i);
            }
        }
    }

    /** Every operand, element by element, with the same bits (NaN included); the first difference fails. */
    static void assertBitwiseEqual(String label, Map<String, double[]> actual, Map<String, double[]> expected) {
        if (!actual.keySet().equals(expected.keySet())) {
            fail(label + ": operands " + actual.keySet() + " but expected " + expected.keySet());
        }
        for (String name : expected.keySet()) {
            double[] a = actual.get(name);
            double[] e = expected.get(name);
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(e[i])) {
                    fail(label + ": " + name + "[" + i + "] is " + a[i] + " but expected " + e[i] + " (difference "
                            + (a[i] - e[i]) + ")");
                }
            }
        }
    }
}
