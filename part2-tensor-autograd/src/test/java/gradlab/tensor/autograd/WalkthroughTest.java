package gradlab.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lecture's autograd walk-throughs (PyTorch's "A Gentle Introduction to torch.autograd"), as tests. */
class WalkthroughTest {

    @Test
    void meanOfThreeTimesSquare() {
        // y = x + 2; z = 3 y^2; out = mean(z). dout/dx = 6 (x + 2) / 4 = 4.5 at x = 1.
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = x.add(2);
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();

        assertThat(y.gradFn().name()).isEqualTo("AddBackward");
        assertThat(z.gradFn().name()).isEqualTo("MulBackward");
        assertThat(out.gradFn().name()).isEqualTo("MeanBackward");
        assertThat(out.item()).isEqualTo(27.0);

        out.backward();

        assertThat(x.grad().shape()).containsExactly(2, 2);
        assertThat(x.grad().toDoubleArray()).containsExactly(4.5, 4.5, 4.5, 4.5);
    }

    @Test
    void nonScalarBackwardWithSeedThroughTenDoublings() {
        Tensor x = Tensor.randn(new Generator(7), 3).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 10; i++) {
            y = y.mul(2);
        }
        Tensor v = Tensor.of(0.1, 1.0, 0.0001);
        y.backward(v);

        // y = 1024 x, so the vector-Jacobian product is 1024 v.
        assertThat(y.toDoubleArray()[1]).isCloseTo(1024 * x.toDoubleArray()[1], within(1e-9));
        assertThat(x.grad().toDoubleArray()).containsExactly(102.4, 1024.0, 0.1024);
    }

    @Test
    void backwardOnANonScalarWithoutSeedIsRejected() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor y = x.mul(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grad can be implicitly created only for scalar outputs")
                .hasMessageContaining("[3]");
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        for (int call = 1; call <= 3; call++) {
            x.mul(x).sum().backward();   // d/dx sum x^2 = 2x, added once per call
            double[] g = x.grad().toDoubleArray();
            assertThat(g).containsExactly(2.0 * call, 4.0 * call, 6.0 * call);
        }
        x.zeroGrad();
        assertThat(x.grad()).isNull();
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2.0, 4.0, 6.0);
        x.setGrad(null);
        assertThat(x.grad()).isNull();
    }

    @Test
    void detachAndNoGradRecordNothing() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.mul(3);
        Tensor d = y.detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.gradFn()).isNull();
        assertThat(d.sharesStorageWith(y)).isTrue();

        try (var g = Tensor.noGrad()) {
            Tensor z = x.mul(3);
            assertThat(z.requiresGrad()).isFalse();
            assertThat(z.gradFn()).isNull();
        }
        assertThat(x.mul(3).requiresGrad()).isTrue();

        // The detached branch contributes nothing: d/dx (x * detach(3x)) = 3x (not 6x).
        Tensor out = x.mul(y.detach()).sum();
        out.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(3.0, 3.0);
    }

    @Test
    void requiresGradFalseFreezesATensor() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(2).requiresGrad(true);
        b.requiresGrad(false);
        Tensor out = w.mul(b).sum();
        out.backward();
        assertThat(w.grad()).isNotNull();
        assertThat(b.grad()).isNull();
        assertThat(b.isLeaf()).isTrue();
        assertThat(out.isLeaf()).isFalse();
    }

    @Test
    void analyticGradientOfQ() {
        // Q = 3a^3 - b^2; dQ/da = 9a^2, dQ/db = -2b.
        Tensor a = Tensor.of(2.0, 3.0).requiresGrad(true);
        Tensor b = Tensor.of(6.0, 4.0).requiresGrad(true);
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        q.backward(Tensor.ones(2));
        double[] av = a.toDoubleArray();
        double[] bv = b.toDoubleArray();
        assertThat(a.grad().toDoubleArray()).containsExactly(9 * av[0] * av[0], 9 * av[1] * av[1]);
        assertThat(b.grad().toDoubleArray()).containsExactly(-2 * bv[0], -2 * bv[1]);
    }

    @Test
    void linearRegressionHandDerivedGradientMatchesAutograd() {
        // y = X w + b + noise; minimise L = mean((X w + b - y)^2) by gradient descent, twice: once with the
        // hand-derived gradient dL/dw = 2/n X^T (X w + b - y), dL/db = 2/n sum(X w + b - y), once with autograd.
        Random random = new Random(42);
        int n = 64;
        Tensor x = Tensor.randn(random, n, 3);
        Tensor trueW = Tensor.of(new double[][] {{2.0}, {-3.0}, {0.5}});
        Tensor y = x.mm(trueW).add(1.5).add(Tensor.randn(random, n, 1).mul(0.01));

        double lr = 0.1;
        Tensor wHand = Tensor.zeros(3, 1);
        Tensor bHand = Tensor.zeros(1);
        Tensor wAuto = Tensor.zeros(3, 1).requiresGrad(true);
        Tensor bAuto = Tensor.zeros(1).requiresGrad(true);
        for (int step = 0; step < 200; step++) {
            Tensor residual = x.mm(wHand).add(bHand).sub(y);
            Tensor gradW = x.t().mm(residual).mul(2.0 / n);
            Tensor gradB = residual.sum(0).mul(2.0 / n);
            wHand = wHand.sub(gradW.mul(lr));
            bHand = bHand.sub(gradB.mul(lr));

            Tensor loss = x.mm(wAuto).add(bAuto).sub(y).pow(2).mean();
            loss.backward();
            assertThat(wAuto.grad().allClose(gradW, 1e-9, 1e-12)).as("step %d dL/dw", step).isTrue();
            try (var g = Tensor.noGrad()) {
                wAuto.subInPlace(wAuto.grad().mul(lr));
                bAuto.subInPlace(bAuto.grad().mul(lr));
            }
            wAuto.zeroGrad();
            bAuto.zeroGrad();
        }
        assertThat(wAuto.allClose(wHand, 1e-9, 1e-12)).isTrue();
        assertThat(bAuto.allClose(bHand, 1e-9, 1e-12)).isTrue();
        // and the fit found the true parameters
        assertThat(wHand.allClose(trueW, 0, 0.01)).isTrue();
        assertThat(bHand.item()).isCloseTo(1.5, within(0.01));
    }
}
