package gradlab.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values at hand-checked points, and gradchecks at seeded random points and layouts. */
class ActivationsTest {
    private static final double[] ZERO = {0};

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return Checks.seedsAndLayouts();
    }

    private static int[] shape(Random r) {
        return new int[] {Checks.size(r, 4), Checks.size(r, 5)};
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("cases")
    void elementwiseActivationsPassGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = shape(r);
        Checks.gradcheck(seed, layout, in -> Activations.relu(in[0]), Checks.away("x", r, -2, 2, ZERO, s));
        Checks.gradcheck(seed, layout, in -> Activations.leakyRelu(in[0], 0.2), Checks.away("x", r, -2, 2, ZERO, s));
        Checks.gradcheck(seed, layout, in -> Activations.sigmoid(in[0]), Checks.uniform("x", r, -4, 4, s));
        Checks.gradcheck(seed, layout, in -> Activations.tanh(in[0]), Checks.uniform("x", r, -2, 2, s));
        Checks.gradcheck(seed, layout, in -> Activations.gelu(in[0]), Checks.uniform("x", r, -3, 3, s));
        Checks.gradcheck(seed, layout, in -> Activations.gelu(in[0], GeluApproximation.TANH),
                Checks.uniform("x", r, -3, 3, s));
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("cases")
    void softmaxesPassGradcheckAlongEitherDim(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {Checks.size(r, 4), 1 + Checks.size(r, 4)};
        int dim = r.nextBoolean() ? 1 : -2;
        Checks.gradcheck(seed, layout, in -> Activations.softmax(in[0], dim), Checks.uniform("x", r, -3, 3, s));
        Checks.gradcheck(seed, layout, in -> Activations.logSoftmax(in[0], dim), Checks.uniform("x", r, -3, 3, s));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("gradgradSeeds")
    void geluIsTwiceDifferentiable(long seed) {
        Random r = new Random(seed);
        int[] s = shape(r);
        Checks.gradgradcheck(seed, Layout.STRIDED, in -> Activations.gelu(in[0]), Checks.uniform("x", r, -3, 3, s));
        Checks.gradgradcheck(seed, Layout.STRIDED, in -> Activations.gelu(in[0], GeluApproximation.TANH),
                Checks.uniform("x", r, -3, 3, s));
    }

    static java.util.stream.LongStream gradgradSeeds() {
        return java.util.stream.LongStream.range(0, 5);
    }

    /** GELU(x) = x Phi(x): Phi(1) = 0.841344746068543, Phi(-1) = 1 - Phi(1), Phi(0) = 1/2, Phi(2) = 0.977249868051821. */
    @Test
    void exactGeluIsXTimesTheNormalCdf() {
        double[] y = Activations.gelu(Tensor.of(1.0, -1.0, 0.0, 2.0)).toDoubleArray();
        assertThat(y[0]).isCloseTo(0.841344746068543, within(1e-14));
        assertThat(y[1]).isCloseTo(-0.158655253931457, within(1e-14));
        assertThat(y[2]).isEqualTo(0.0);
        assertThat(y[3]).isCloseTo(2 * 0.977249868051821, within(1e-14));
    }

    /** d/dx x Phi(x) = Phi(x) + x phi(x): at 1, 0.841344746 + 0.241970725 = 1.083315471; at 0, 1/2. */
    @Test
    void exactGeluDerivative() {
        Tensor x = Tensor.of(1.0, 0.0).requiresGrad(true);
        Activations.gelu(x).sum().backward();
        double phi1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        assertThat(x.grad().get(0)).isCloseTo(0.841344746068543 + phi1, within(1e-14));
        assertThat(x.grad().get(1)).isCloseTo(0.5, within(1e-15));
    }

    /** tanh form at 1: 0.5 (1 + tanh(sqrt(2/pi) 1.044715)) = 0.841191990608276 (about 1.5e-4 below the exact). */
    @Test
    void tanhApproximationIsCloseToExact() {
        Tensor x = Tensor.of(1.0);
        assertThat(Activations.gelu(x, GeluApproximation.TANH).item()).isCloseTo(0.841191990608276, within(1e-14));
        Tensor grid = Tensor.arange(-6, 6, 0.01);
        Tensor gap = Activations.gelu(grid).sub(Activations.gelu(grid, GeluApproximation.TANH)).abs().max();
        assertThat(gap.item()).isLessThan(5e-4).isGreaterThan(1e-5);
    }

    @Test
    void wrappersAgreeWithTheirDefinitions() {
        Tensor x = Tensor.of(-2.0, -0.5, 0.5, 3.0);
        assertThat(Activations.relu(x).toDoubleArray()).containsExactly(0.0, 0.0, 0.5, 3.0);
        assertThat(Activations.leakyRelu(x, 0.1).toDoubleArray()).containsExactly(-0.2, -0.05, 0.5, 3.0);
        assertThat(Activations.sigmoid(x).get(3)).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-15));
        assertThat(Activations.tanh(x).get(0)).isCloseTo(Math.tanh(-2), within(1e-15));
        double z = Math.exp(-2) + Math.exp(-0.5) + Math.exp(0.5) + Math.exp(3);
        assertThat(Activations.softmax(x, 0).get(3)).isCloseTo(Math.exp(3) / z, within(1e-15));
        assertThat(Activations.logSoftmax(x, 0).get(0)).isCloseTo(-2 - Math.log(z), within(1e-14));
    }
}
