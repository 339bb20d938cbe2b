package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.ReferenceDevice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the fused updates change about an optimizer's step, for every optimizer of {@link OptimizerTest#optimizers}:
 * the parameter is written in its own storage once per step, the state tensors made at the first step are the ones
 * later steps update (no new state tensors), and state left on another device or dtype (the model moved after the
 * optimizer stepped) is a named error thrown before the parameter, the state or the step count change.
 */
class FusedUpdateTest {

    static List<Tensor> params() {
        return List.of(Tensor.of(0.5, -1.5, 2.0).requiresGrad(true), Tensor.of(new double[][] {{1, -1}, {0.25, 3}})
                .requiresGrad(true));
    }

    static void backward(List<Tensor> ps) {
        ps.get(0).mul(ps.get(0)).sum().add(ps.get(1).pow(2).mul(0.5).sum()).backward();
    }

    @ParameterizedTest(name = "{0}: in place, the same state tensors every step")
    @MethodSource("gradlab.optim.OptimizerTest#optimizers")
    void stepsWriteTheParameterInPlaceAndReuseTheirState(String name, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> ps = params();
        Optimizer opt = make.apply(ps);
        Tensor view = ps.get(1).t(); // a view of the parameter's storage, made before any step
        Map<String, Tensor> firstState = null;
        for (int step = 1; step <= 3; step++) {
            opt.zeroGrad();
            backward(ps);
            int version = ps.get(1).version();
            double[] before = ps.get(1).toDoubleArray();
            opt.step();
            assertThat(ps.get(1).version()).as("%s step %d: one in-place write of the parameter", name, step)
                    .isEqualTo(version + 1);
            assertThat(ps.get(1).toDoubleArray()).as("%s step %d moved the parameter", name, step)
                    .isNotEqualTo(before);
            assertThat(view.t().toDoubleArray()).as("%s step %d: the old view sees the update", name, step)
                    .containsExactly(ps.get(1).toDoubleArray());
            Map<String, Tensor> state = opt.state(ps.get(1));
            if (firstState == null) {
                firstState = new LinkedHashMap<>(state);
            } else {
                for (Map.Entry<String, Tensor> e : firstState.entrySet()) {
                    if (!e.getKey().equals("step")) {
                        assertThat(state.get(e.getKey())).as("%s step %d: state '%s'", name, step, e.getKey())
                                .isSameAs(e.getValue());
                    }
                }
            }
            if (state.containsKey("step")) {
                assertThat(state.get("step").item()).as("%s step count", name).isEqualTo(step);
            }
        }
    }

    @ParameterizedTest(name = "{0}: state on another device is refused before anything changes")
    @MethodSource("gradlab.optim.OptimizerTest#optimizers")
    void stateLeftOnAnotherDeviceIsANamedErrorThatChangesNothing(String name, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> ps = params();
        Optimizer opt = make.apply(ps);
        backward(ps);
        opt.step();
        for (Tensor p : ps) {
            p.setData(p.to(ReferenceDevice.INSTANCE)); // moves the gradient too, but not the optimizer's state
        }
        assertRefusedWithoutChange(opt, ps, "expected all tensors on the same device, but found reference and cpu");
    }

    @ParameterizedTest(name = "{0}: state of another dtype is refused before anything changes")
    @MethodSource("gradlab.optim.OptimizerTest#optimizers")
    void stateOfAnotherDTypeIsANamedErrorThatChangesNothing(String name, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> ps = params();
        Optimizer opt = make.apply(ps);
        backward(ps);
        opt.step();
        for (Tensor p : ps) {
            p.setData(p.to(DType.FLOAT32));
        }
        assertRefusedWithoutChange(opt, ps, "is float64 but the parameter is float32; convert it with"
                + " .to(DType.FLOAT32)");
    }

    @ParameterizedTest(name = "{0}: a later parameter's bad state refuses the whole step; earlier ones stay")
    @MethodSource("gradlab.optim.OptimizerTest#optimizers")
    void aStepRefusedAtALaterParameterLeavesTheEarlierOnesAndTheStepCount(String name,
            Function<List<Tensor>, Optimizer> make) {
        List<Tensor> ps = params();
        Optimizer opt = make.apply(ps);
        backward(ps);
        opt.step();
        ps.get(1).setData(ps.get(1).to(DType.FLOAT32)); // only the second parameter (and its gradient) moves
        long steps = opt.stepCount();
        assertRefusedWithoutChange(opt, ps, "is float64 but the parameter is float32");
        assertThat(opt.stepCount()).as("%s: the step count after the refused step", name).isEqualTo(steps);
    }

    private static void assertRefusedWithoutChange(Optimizer opt, List<Tensor> ps, String message) {
        double[] w = ps.get(0).toDoubleArray();
        Map<String, Tensor> state = opt.state(ps.get(0));
        Map<String, double[]> values = new LinkedHashMap<>();
        state.forEach((k, t) -> values.put(k, t.toDoubleArray()));
        assertThatThrownBy(opt::step).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(opt.name() + ": ").hasMessageContaining(message);
        assertThat(ps.get(0).toDoubleArray()).as("the parameter after the refused step").containsExactly(w);
        values.forEach((k, v) -> assertThat(opt.state(ps.get(0)).get(k).toDoubleArray())
                .as("state '%s' after the refused step", k).containsExactly(v));
    }
}
