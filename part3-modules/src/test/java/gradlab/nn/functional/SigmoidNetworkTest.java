package gradlab.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The course's 2-2-1 sigmoid network with squared error (Matt Mazur's "A Step by Step Backpropagation Example",
 * the same numbers as part 1's TwoLayerNetworkTest), now with tensors: the hidden layer is one matrix product.
 * <pre>
 *   x = [i1, i2] = [0.05, 0.10];  W1 = [[w1, w2], [w3, w4]] = [[0.15, 0.20], [0.25, 0.30]];  b1 = 0.35 (shared)
 *   W2 = [[w5, w6]] = [[0.40, 0.45]];  b2 = 0.60;  target t = 0.01
 *   h = s(x W1^T + b1) = [s(0.3775), s(0.3925)] = [0.593269992, 0.596884378]
 *   o = s(h W2^T + b2) = s(1.105905967) = 0.751365070
 *   E = (t - o)^2 / 2 = 0.274811083
 *
 *   delta_o = (o - t) o (1 - o) = 0.138498562
 *   dE/dW2 = delta_o h = [0.082167041, 0.082667628]         dE/db2 = delta_o
 *   delta_h = delta_o W2 * h (1 - h) = [0.013367920, 0.014996075]
 *   dE/dW1 = delta_h^T x = [[0.000668396, 0.001336792], [0.000749804, 0.001499608]]
 *   dE/db1 = delta_h1 + delta_h2 = 0.028363996               (the scalar b1 is broadcast to both units: its
 *                                                             gradient is summed back, the fan-out rule)
 * </pre>
 */
class SigmoidNetworkTest {
    private static final double TOL = 1e-9;

    @Test
    void twoTwoOneGradientsMatchTheChainRule() {
        Tensor x = Tensor.of(new double[][] {{0.05, 0.10}});
        Tensor w1 = Tensor.of(new double[][] {{0.15, 0.20}, {0.25, 0.30}}).requiresGrad(true);
        Tensor b1 = Tensor.scalar(0.35).requiresGrad(true);
        Tensor w2 = Tensor.of(new double[][] {{0.40, 0.45}}).requiresGrad(true);
        Tensor b2 = Tensor.scalar(0.60).requiresGrad(true);

        Tensor h = Activations.sigmoid(x.matmul(w1.t()).add(b1));
        Tensor o = Activations.sigmoid(h.matmul(w2.t()).add(b2));
        Tensor error = Losses.mseLoss(o, Tensor.of(new double[][] {{0.01}}), Reduction.SUM).mul(0.5);
        error.backward();

        assertThat(h.toDoubleArray()).containsExactly(new double[] {0.593269992, 0.596884378}, within(TOL));
        assertThat(o.item()).isCloseTo(0.751365070, within(TOL));
        assertThat(error.item()).isCloseTo(0.274811083, within(TOL));
        assertThat(w2.grad().toDoubleArray()).containsExactly(new double[] {0.082167041, 0.082667628}, within(TOL));
        assertThat(b2.grad().item()).isCloseTo(0.138498562, within(TOL));
        assertThat(w1.grad().toDoubleArray()).containsExactly(
                new double[] {0.000668396, 0.001336792, 0.000749804, 0.001499608}, within(TOL));
        assertThat(b1.grad().item()).isCloseTo(0.028363996, within(TOL));
    }

    /**
     * Mazur's full 2-2-2 network: a second output o2 with w7 = 0.50, w8 = 0.55, target 0.99;
     * E = (0.01 - o1)^2 / 2 + (0.99 - o2)^2 / 2 = 0.274811083 + 0.023560026 = 0.298371109.
     * dE/dw5 is unchanged (0.082167041); dE/dw1 now collects both outputs' deltas: 0.000438568.
     */
    @Test
    void twoTwoTwoAsInMazur() {
        Tensor x = Tensor.of(new double[][] {{0.05, 0.10}});
        Tensor w1 = Tensor.of(new double[][] {{0.15, 0.20}, {0.25, 0.30}}).requiresGrad(true);
        Tensor w2 = Tensor.of(new double[][] {{0.40, 0.45}, {0.50, 0.55}}).requiresGrad(true);
        Tensor h = Activations.sigmoid(x.matmul(w1.t()).add(0.35));
        Tensor o = Activations.sigmoid(h.matmul(w2.t()).add(0.60));
        Tensor error = Losses.mseLoss(o, Tensor.of(new double[][] {{0.01, 0.99}}), Reduction.SUM).mul(0.5);
        error.backward();

        assertThat(o.toDoubleArray()).containsExactly(new double[] {0.751365070, 0.772928465}, within(TOL));
        assertThat(error.item()).isCloseTo(0.298371109, within(TOL));
        assertThat(w2.grad().get(0, 0)).isCloseTo(0.082167041, within(TOL));
        assertThat(w1.grad().get(0, 0)).isCloseTo(0.000438568, within(TOL));
    }
}
