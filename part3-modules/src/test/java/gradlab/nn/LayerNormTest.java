package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.gradcheck.Input;
import gradlab.nn.functional.Normalization;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LayerNormTest {

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.ActivationModulesTest#cases")
    void passesGradcheckInInputWeightAndBias(long seed, Layout layout) {
        Random r = new Random(seed);
        int f = 2 + r.nextInt(3);
        LayerNorm ln = new LayerNorm(f);
        try (var g = Tensor.noGrad()) {
            ln.weight().copyFrom(Tensor.rand(r, f).add(0.5));
            ln.bias().copyFrom(Tensor.randn(r, f));
        }
        ModuleChecks.gradcheck(seed, layout, ln, Input.uniform("x", r, -2, 2, 1 + r.nextInt(3), f));
    }

    @Test
    void normalisesEachExampleAndIsTheSameInEval() {
        LayerNorm ln = new LayerNorm(4);
        assertThat(ln.stateDict().keySet()).containsExactly("weight", "bias");
        Tensor x = Tensor.of(new double[][] {{1, 2, 3, 4}, {10, 10, 10, 50}});
        Tensor y = ln.forward(x);
        // row 0: mean 2.5, biased var 1.25
        assertThat(y.get(0, 0)).isCloseTo(-1.5 / Math.sqrt(1.25 + 1e-5), within(1e-14));
        assertThat(y.mean(1, false).toDoubleArray()).containsExactly(new double[] {0, 0}, within(1e-14));
        ln.eval();
        assertThat(ln.forward(x).toDoubleArray()).containsExactly(y.toDoubleArray());
        Tensor lastTwo = new LayerNorm(2, 4).forward(x.unsqueeze(0));
        assertThat(lastTwo.toDoubleArray()).containsExactly(
                Normalization.layerNorm(x.unsqueeze(0), new int[] {2, 4}, null, null, 1e-5).toDoubleArray());
    }

    @Test
    void wrongFeatureShapeIsAnError() {
        assertThatThrownBy(() -> new LayerNorm(5).forward(Tensor.zeros(2, 4)))
                .hasMessageContaining("normalizedShape [5], got input of shape [2, 4]");
        assertThatThrownBy(() -> new LayerNorm(new int[0], 1e-5, true)).hasMessageContaining("non-empty shape");
    }
}
