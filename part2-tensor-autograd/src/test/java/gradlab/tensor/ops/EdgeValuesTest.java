package gradlab.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Where gradcheck cannot look: poles, values outside a function's domain, and kinks. GradLab follows IEEE 754 and
 * PyTorch's conventions there, and every expected value below is what PyTorch 1.13 printed for the same call (float64),
 * so that what students see here is what they will see in PyTorch.
 */
class EdgeValuesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    @Test
    void divisionByZeroGivesInfinityOrNaNNotAnException() {
        Tensor x = Tensor.of(1, -1, 0, 0);
        Tensor y = Tensor.of(0, 0, 0, 2);
        assertThat(x.div(y).toDoubleArray()).containsExactly(INF, -INF, NAN, 0);
    }

    @Test
    void logAndSqrtOutsideTheirDomain() {
        assertThat(Tensor.of(0, -1, 1).log().toDoubleArray()).containsExactly(-INF, NAN, 0);
        assertThat(Tensor.of(-1, 0, 4).sqrt().toDoubleArray()).containsExactly(NAN, 0, 2);
        assertThat(Tensor.of(0).pow(Tensor.of(0)).toDoubleArray()).containsExactly(1);     // 0^0 = 1
        assertThat(Tensor.of(0).pow(-1.0).toDoubleArray()).containsExactly(INF);
    }

    @Test
    void gradientsAtPolesAreInfiniteOrNaN() {
        assertThat(grad(Tensor.of(0, -1, 2), Tensor::sqrt)).containsExactly(INF, NAN, 0.5 / Math.sqrt(2));
        assertThat(grad(Tensor.of(0, -1, 2), Tensor::log)).containsExactly(INF, -1, 0.5);
        assertThat(grad(Tensor.of(0), t -> t.pow(0.5))).containsExactly(INF);
        assertThat(grad(Tensor.of(0), t -> t.pow(2.0))).containsExactly(0);
    }

    @Test
    void kinksTakePyTorchsSubgradient() {
        assertThat(grad(Tensor.of(0, -1, 2), Tensor::relu)).as("relu'(0) = 0").containsExactly(0, 0, 1);
        assertThat(grad(Tensor.of(0, -1, 2), Tensor::abs)).as("abs'(0) = sign(0) = 0").containsExactly(0, -1, 1);
        assertThat(grad(Tensor.of(-1, 1, 0.5), t -> t.clamp(-1, 0.5)))
                .as("clamp passes the gradient at its bounds").containsExactly(1, 0, 1);
    }

    @Test
    void tiesShareOrPickAsPyTorchDoes() {
        assertThat(grad(Tensor.of(3, 1, 3), Tensor::max)).as("max of all: ties share evenly")
                .containsExactly(0.5, 0, 0.5);
        // max over a dim returns the values only, as torch.amax, and shares like it (torch.max(dim) also returns
        // indices and gives all of the gradient to the one it returns)
        assertThat(grad(Tensor.of(new double[][] {{3, 1, 3}}), t -> t.max(1, false)))
                .as("max over a dim, as torch.amax: ties share evenly").containsExactly(0.5, 0, 0.5);
        Tensor a = Tensor.of(3, 1, 3).requiresGrad(true);
        Tensor b = Tensor.of(3, 2, 1).requiresGrad(true);
        a.maximum(b).sum().backward();
        assertThat(a.grad().toDoubleArray()).as("maximum: a tie splits the gradient").containsExactly(0.5, 0, 1);
        assertThat(b.grad().toDoubleArray()).containsExactly(0.5, 1, 0);
    }

    @Test
    void overflowIsInfinityButSoftmaxStaysFinite() {
        assertThat(Tensor.of(1000).exp().toDoubleArray()).containsExactly(INF);
        assertThat(Tensor.of(1000, 0).softmax(0).toDoubleArray()).containsExactly(1, 0);
    }

    /** d(sum f(x))/dx at x. */
    private static double[] grad(Tensor x, UnaryOperator<Tensor> f) {
        Tensor leaf = x.requiresGrad(true);
        f.apply(leaf).sum().backward();
        return leaf.grad().toDoubleArray();
    }
}
