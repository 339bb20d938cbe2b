package gradlab.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** erf's values (reference: Abramowitz and Stegun table 7.1, and Python's math.erf) and its derivative. */
class ErfTest {

    @Test
    void valuesMatchTheTable() {
        double[] y = Tensor.of(0.0, 0.5, 1.0, -1.0, 2.0, 6.0).erf().toDoubleArray();
        assertThat(y[0]).isEqualTo(0.0);
        assertThat(y[1]).isCloseTo(0.5204998778130465, within(1e-15));
        assertThat(y[2]).isCloseTo(0.8427007929497149, within(1e-15));
        assertThat(y[3]).isCloseTo(-0.8427007929497149, within(1e-15));   // odd function
        assertThat(y[4]).isCloseTo(0.9953222650189527, within(1e-15));
        assertThat(y[5]).isEqualTo(1.0);
    }

    @Test
    void infinitiesAndNaNAreTorchs() {
        // torch.erf(torch.tensor([inf, -inf, nan, -0.], dtype=torch.float64)) = [1., -1., nan, -0.]
        Tensor x = Tensor.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.0).requiresGrad(true);
        Tensor y = x.erf();
        assertThat(y.toDoubleArray()).containsExactly(1, -1, Double.NaN, -0.0);
        assertThat(y.to(gradlab.tensor.DType.FLOAT32).toDoubleArray()).containsExactly(1, -1, Double.NaN, -0.0);
        y.sum().backward();
        // 2/sqrt(pi) e^(-x^2): 0 at both infinities, NaN at NaN
        assertThat(x.grad().toDoubleArray()).containsExactly(0, 0, Double.NaN, 2 / Math.sqrt(Math.PI));
    }

    @Test
    void derivativeIsTwoOverSqrtPiTimesGaussian() {
        Tensor x = Tensor.of(0.0, 1.0).requiresGrad(true);
        x.erf().sum().backward();
        double[] g = x.grad().toDoubleArray();
        assertThat(g[0]).isCloseTo(2 / Math.sqrt(Math.PI), within(1e-15));              // 1.1283791670955126
        assertThat(g[1]).isCloseTo(2 / Math.sqrt(Math.PI) * Math.exp(-1), within(1e-15)); // 0.41510749742059477
        assertThat(x.erf().gradFn().name()).isEqualTo("ErfBackward");
    }
}
