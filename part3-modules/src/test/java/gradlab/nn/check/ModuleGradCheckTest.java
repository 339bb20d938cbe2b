package gradlab.nn.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.GradCheckResult;
import gradlab.nn.BatchNorm1d;
import gradlab.nn.Flatten;
import gradlab.nn.Identity;
import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.Parameter;
import gradlab.nn.Sequential;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every module of this part gradchecked with respect to its input and its parameters, in float64, at several seeds
 * and in every input layout; and the checker itself catches a module whose parameter gradient is wrong.
 */
class ModuleGradCheckTest {
    private static final long[] SEEDS = {1, 2, 3, 4, 5};

    /** A module built from a seed, and an input shape for it. */
    private record Case(String name, java.util.function.Function<Random, Module> make, int[] inputShape) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case("Linear(3, 2)", r -> new Linear(3, 2, true, r), new int[] {4, 3}),
                new Case("Linear(3, 2) on [2, 2, 3]", r -> new Linear(3, 2, true, r), new int[] {2, 2, 3}),
                new Case("Linear(4, 3) on a vector", r -> new Linear(4, 3, true, r), new int[] {4}),
                new Case("Linear(3, 2, bias=false)", r -> new Linear(3, 2, false, r), new int[] {5, 3}),
                new Case("Identity", r -> new Identity(), new int[] {2, 3}),
                new Case("Flatten()", r -> new Flatten(), new int[] {2, 3, 2}),
                new Case("Flatten(0, 1)", r -> new Flatten(0, 1), new int[] {2, 3, 2}),
                new Case("Flatten -> Linear -> Linear", r -> new Sequential(new Flatten(), new Linear(6, 4, true, r),
                        new Linear(4, 2, true, r)), new int[] {3, 2, 3}));
    }

    @TestFactory
    Stream<DynamicTest> everyModuleAtEverySeedAndLayout() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (long seed : SEEDS) {
                for (Layout layout : Layout.values()) {
                    tests.add(DynamicTest.dynamicTest(c.name + " seed " + seed + " " + layout, () -> {
                        Random r = new Random(seed);
                        Module m = c.make.apply(r);
                        Tensor x = Tensor.rand(r, c.inputShape).mul(2).sub(1);
                        ModuleGradCheck check = ModuleGradCheck.of(m).layout(layout);
                        GradCheckResult result = check.check(x);
                        assertThat(result.passed()).as("seed %d:%n%s", seed, result.report()).isTrue();
                        // every trainable parameter was an input of the check
                        assertThat(check.checkedParameters()).containsExactlyElementsOf(m.namedParameters().keySet());
                        assertThat(result.elementsChecked()).isGreaterThan(0);
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void linearSecondDerivatives() {
        Random r = new Random(9);
        ModuleGradCheck.of(new Linear(3, 2, true, r)).assertGradGradCorrect(Tensor.rand(r, 2, 3));
    }

    @Test
    void parametersAreRestoredAfterTheCheck() {
        Linear l = new Linear(3, 2, true, new Random(1));
        double[] w = l.weight().toDoubleArray();
        ModuleGradCheck.of(l).assertCorrect(Tensor.rand(new Generator(2), 2, 3));
        assertThat(l.weight().toDoubleArray()).containsExactly(w);
        assertThat(l.weight().grad()).isNull();
    }

    /** Checking a batch norm in training mode runs many forwards; its running statistics are put back after. */
    @Test
    void buffersAreRestoredAfterTheCheck() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.forward(Tensor.randn(new Random(2), 5, 2).mul(3).add(1));
        Map<String, double[]> before = new LinkedHashMap<>();
        bn.stateDict().forEach((k, v) -> before.put(k, v.toDoubleArray()));
        ModuleGradCheck.of(bn).assertCorrect(Tensor.randn(new Random(3), 4, 2));
        ModuleGradCheck.of(bn).assertGradGradCorrect(Tensor.randn(new Random(4), 3, 2));
        bn.stateDict().forEach((k, v) -> assertThat(v.toDoubleArray()).as(k).containsExactly(before.get(k)));
        assertThat(bn.stateDict().get("num_batches_tracked").item()).isEqualTo(1.0);
    }

    @Test
    void frozenParametersAreLeftOut() {
        Linear l = new Linear(3, 2, true, new Random(1));
        l.bias().requiresGrad(false);
        assertThat(ModuleGradCheck.of(l).checkedParameters()).containsExactly("weight");
        ModuleGradCheck.of(l).assertCorrect(Tensor.rand(new Generator(3), 2, 3));
    }

    /** The classic bug: a parameter detached by mistake gets no gradient; the report names it. */
    @Test
    void aWrongParameterGradientFailsNamingTheParameter() {
        class Scale extends Module {
            final Parameter scale = new Parameter(Tensor.of(1.5, -2.0));

            @Override
            public Tensor forward(Tensor x) {
                return x.mul(scale.detach());   // the value is right, the gradient to scale is lost
            }
        }
        Sequential net = new Sequential(new Linear(2, 2, true, new Random(1)), new Scale());
        GradCheckResult r = ModuleGradCheck.of(net).check(Tensor.rand(new Generator(4), 3, 2));
        assertThat(r.passed()).isFalse();
        assertThat(r.report()).contains("'1.scale'");
        assertThatThrownBy(() -> ModuleGradCheck.of(net).assertCorrect(Tensor.rand(new Generator(4), 3, 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ModuleGradCheck of Sequential(")
                .hasMessageContaining("1.scale");
    }
}
