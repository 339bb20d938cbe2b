package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClippingTest {

    private static Tensor withGrad(double... g) {
        Tensor p = Tensor.zeros(g.length).requiresGrad(true);
        p.setGrad(Tensor.of(g));
        return p;
    }

    @Test
    void aThreeFourFiveGradientIsScaledToTheMaxNorm() {
        Tensor a = withGrad(3.0);
        Tensor b = withGrad(4.0);
        double total = GradClipping.clipGradNorm(List.of(a, b), 1.0);
        assertThat(total).isEqualTo(5.0);
        assertThat(a.grad().item()).isCloseTo(3.0 / (5 + 1e-6), within(1e-15));
        assertThat(b.grad().item()).isCloseTo(4.0 / (5 + 1e-6), within(1e-15));
    }

    @Test
    void gradientsBelowTheMaxNormAreLeftAlone() {
        Tensor a = withGrad(3.0, -4.0);
        int version = a.grad().version();
        assertThat(GradClipping.clipGradNorm(List.of(a), 5.0, 2.0)).isEqualTo(5.0);  // coef 5/(5+1e-6) < 1: scaled
        assertThat(GradClipping.clipGradNorm(List.of(a), 10.0, 2.0)).isCloseTo(5.0, within(1e-5));
        assertThat(a.grad().version()).as("coef >= 1: not touched").isEqualTo(version + 1);
    }

    @Test
    void infNormIsTheLargestElement() {
        Tensor a = withGrad(3.0, -7.0);
        Tensor b = withGrad(5.0);
        assertThat(GradClipping.clipGradNorm(List.of(a, b), 1.0, Double.POSITIVE_INFINITY)).isEqualTo(7.0);
        assertThat(a.grad().get(1)).isCloseTo(-1.0, within(1e-6));
    }

    @Test
    void noGradientsGiveZeroAndNonFiniteNormsCanBeAnError() {
        assertThat(GradClipping.clipGradNorm(List.of(Tensor.zeros(2).requiresGrad(true)), 1.0)).isEqualTo(0.0);
        Tensor nan = withGrad(1.0, Double.NaN);
        assertThatThrownBy(() -> GradClipping.clipGradNorm(List.of(nan), 1.0, 2.0, true))
                .hasMessageContaining("total norm of order 2.0 of the gradients is NaN");
        assertThat(GradClipping.clipGradNorm(List.of(nan), 1.0, 2.0)).isNaN();
        assertThat(nan.grad().get(0)).as("scaled by NaN, as PyTorch").isNaN();
    }

    @Test
    void clipGradValueClampsEachElement() {
        Tensor a = withGrad(-3.0, 0.5, 2.0);
        GradClipping.clipGradValue(List.of(a), 1.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(-1.0, 0.5, 1.0);
    }

    @Test
    void badArgumentsAreClearErrors() {
        List<Tensor> ps = List.of(withGrad(1.0));
        assertThatThrownBy(() -> GradClipping.clipGradNorm(ps, -1.0)).hasMessageContaining("maxNorm is -1.0");
        assertThatThrownBy(() -> GradClipping.clipGradNorm(ps, 1.0, 0.0)).hasMessageContaining("normType is 0.0");
        assertThatThrownBy(() -> GradClipping.clipGradValue(ps, -2.0)).hasMessageContaining("clipValue is -2.0");
    }
}
