package gradlab.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * pow at the points the catalogue's safe domains stay away from: zero and negative bases, zero and non-integer
 * exponents. Every expected value is PyTorch's (torch 1.13, float64):
 * <pre>
 * a = torch.tensor([0., 0., 0., -2., 2., -2.], requires_grad=True)
 * b = torch.tensor([0., 2., -1., 0., 0., 0.5], requires_grad=True)
 * a.pow(b).sum().backward()
 * </pre>
 */
class PowTest {

    @Test
    void zeroAndNegativeBasesFollowIeeeLikePyTorch() {
        Tensor y = Tensor.of(0, 0, -0.0, -2, -8).pow(Tensor.of(0, -1, -1, 0.5, 1.0 / 3));
        // 0^0 = 1, 0^-1 = inf, (-0)^-1 = -inf, a negative base with a non-integer exponent is NaN
        assertThat(y.toDoubleArray()).containsExactly(1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NaN, Double.NaN);
        assertThat(Tensor.of(0, -2, Double.NaN).pow(0).toDoubleArray()).containsExactly(1, 1, 1);
        assertThat(Tensor.of(0, -2).pow(0.5).toDoubleArray()).containsExactly(0, Double.NaN);
    }

    @Test
    void gradientsAtZeroBasesAndZeroExponentsAreTorchs() {
        Tensor a = Tensor.of(0, 0, 0, -2, 2, -2).requiresGrad(true);
        Tensor b = Tensor.of(0, 2, -1, 0, 0, 0.5).requiresGrad(true);
        Tensor y = a.pow(b);
        assertThat(y.toDoubleArray()).containsExactly(1, 0, Double.POSITIVE_INFINITY, 1, 1, Double.NaN);
        y.sum().backward();
        // d/da = b a^(b-1), but 0 where b = 0 (a^0 is constant), also at a = 0 where b a^(b-1) is 0 * inf
        assertThat(a.grad().toDoubleArray()).containsExactly(0, 0, Double.NEGATIVE_INFINITY, 0, 0, Double.NaN);
        // d/db = a^b ln a: 0 at a = 0 with b >= 0 (the limit), NaN for a negative base
        assertThat(b.grad().toDoubleArray()).containsExactly(0, 0, Double.NEGATIVE_INFINITY, Double.NaN,
                Math.log(2), Double.NaN);
    }

    @Test
    void aScalarExponentOfZeroHasAZeroGradientAndOneHalfAnInfiniteOneAtZero() {
        // torch: x.pow(0.) gives grad [0, 0]; x.pow(0.5) gives [inf, nan]
        Tensor x = Tensor.of(0, -2).requiresGrad(true);
        x.pow(0).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0, 0);
        Tensor z = Tensor.of(0, -2).requiresGrad(true);
        z.pow(0.5).sum().backward();
        assertThat(z.grad().toDoubleArray()).containsExactly(Double.POSITIVE_INFINITY, Double.NaN);
    }
}
