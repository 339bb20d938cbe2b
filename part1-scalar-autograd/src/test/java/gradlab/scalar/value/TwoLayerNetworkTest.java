package gradlab.scalar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A 2-2-1 sigmoid network with squared error, its gradients derived by the chain rule (the numbers of Matt Mazur's
 * "A Step by Step Backpropagation Example", https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/,
 * with one output).
 *
 * <pre>
 *   inputs i1 = 0.05, i2 = 0.10; hidden h1, h2 share bias b1 = 0.35; output o has bias b2 = 0.60; target t = 0.01
 *   h1 = s(w1 i1 + w2 i2 + b1) = s(0.3775) = 0.593269992       w1 = 0.15, w2 = 0.20
 *   h2 = s(w3 i1 + w4 i2 + b1) = s(0.3925) = 0.596884378       w3 = 0.25, w4 = 0.30
 *   o  = s(w5 h1 + w6 h2 + b2) = s(1.105905967) = 0.751365070  w5 = 0.40, w6 = 0.45
 *   E  = (t - o)^2 / 2 = 0.274811083
 *
 *   output layer:  delta_o = dE/dnet_o = (o - t) * o (1 - o) = 0.741365070 * 0.186815602 = 0.138498562
 *                  dE/dw5 = delta_o h1 = 0.082167041   dE/dw6 = delta_o h2 = 0.082667628   dE/db2 = delta_o
 *   hidden layer:  delta_h1 = delta_o w5 h1 (1 - h1) = 0.013367920
 *                  delta_h2 = delta_o w6 h2 (1 - h2) = 0.014996075
 *                  dE/dw1 = delta_h1 i1 = 0.000668396   dE/dw2 = delta_h1 i2 = 0.001336792
 *                  dE/dw3 = delta_h2 i1 = 0.000749804   dE/dw4 = delta_h2 i2 = 0.001499608
 *                  dE/db1 = delta_h1 + delta_h2 = 0.028363996   (b1 feeds both hidden units: fan-out sums)
 * </pre>
 */
class TwoLayerNetworkTest {
    private static final double TOL = 1e-9;

    @Test
    void gradientsMatchTheChainRuleDerivation() {
        Value i1 = Value.of(0.05);
        Value i2 = Value.of(0.10);
        Value w1 = Value.of(0.15);
        Value w2 = Value.of(0.20);
        Value w3 = Value.of(0.25);
        Value w4 = Value.of(0.30);
        Value b1 = Value.of(0.35);
        Value w5 = Value.of(0.40);
        Value w6 = Value.of(0.45);
        Value b2 = Value.of(0.60);

        Value h1 = w1.mul(i1).add(w2.mul(i2)).add(b1).sigmoid();
        Value h2 = w3.mul(i1).add(w4.mul(i2)).add(b1).sigmoid();
        Value o = w5.mul(h1).add(w6.mul(h2)).add(b2).sigmoid();
        Value error = Value.of(0.01).sub(o).pow(2).mul(0.5);
        error.backward();

        assertThat(h1.data()).isCloseTo(0.593269992, within(TOL));
        assertThat(h2.data()).isCloseTo(0.596884378, within(TOL));
        assertThat(o.data()).isCloseTo(0.751365070, within(TOL));
        assertThat(error.data()).isCloseTo(0.274811083, within(TOL));

        assertThat(w5.grad()).isCloseTo(0.082167041, within(TOL));
        assertThat(w6.grad()).isCloseTo(0.082667628, within(TOL));
        assertThat(b2.grad()).isCloseTo(0.138498562, within(TOL));
        assertThat(w1.grad()).isCloseTo(0.000668396, within(TOL));
        assertThat(w2.grad()).isCloseTo(0.001336792, within(TOL));
        assertThat(w3.grad()).isCloseTo(0.000749804, within(TOL));
        assertThat(w4.grad()).isCloseTo(0.001499608, within(TOL));
        assertThat(b1.grad()).isCloseTo(0.028363996, within(TOL));
    }

    /**
     * Matt Mazur's full example: the same network with a second output o2 (weights w7 = 0.50, w8 = 0.55, bias b2,
     * target 0.99) and the error summed over both outputs. Every number below was recomputed in double precision.
     * <pre>
     *   o1 = s(w5 h1 + w6 h2 + b2) = 0.751365070      o2 = s(w7 h1 + w8 h2 + b2) = 0.772928465
     *   E  = (0.01 - o1)^2 / 2 + (0.99 - o2)^2 / 2 = 0.274811083 + 0.023560026 = 0.298371109
     *
     *   delta_o1 = (o1 - 0.01) o1 (1 - o1) = 0.138498562     delta_o2 = (o2 - 0.99) o2 (1 - o2) = -0.038098237
     *   dE/dw5 = delta_o1 h1 = 0.082167041   dE/dw6 = delta_o1 h2 = 0.082667628
     *   dE/dw7 = delta_o2 h1 = -0.022602540  dE/dw8 = delta_o2 h2 = -0.022740242
     *   dE/db2 = delta_o1 + delta_o2 = 0.100400325           (b2 feeds both outputs: fan-out sums)
     *
     *   h1 now feeds both outputs, so its gradient is a sum (fan-out):
     *   dE/dh1 = delta_o1 w5 + delta_o2 w7 = 0.036350306     dE/dh2 = delta_o1 w6 + delta_o2 w8 = 0.041370323
     *   delta_h1 = dE/dh1 h1 (1 - h1) = 0.008771355          delta_h2 = dE/dh2 h2 (1 - h2) = 0.009954255
     *   dE/dw1 = delta_h1 i1 = 0.000438568   dE/dw2 = delta_h1 i2 = 0.000877135
     *   dE/dw3 = delta_h2 i1 = 0.000497713   dE/dw4 = delta_h2 i2 = 0.000995425
     *
     *   one gradient-descent step with learning rate 0.5: w5 = 0.40 - 0.5 * 0.082167041 = 0.358916480,
     *                                                      w1 = 0.15 - 0.5 * 0.000438568 = 0.149780716
     * </pre>
     */
    @Test
    void twoOutputsAsInMattMazursExample() {
        Value i1 = Value.of(0.05);
        Value i2 = Value.of(0.10);
        Value w1 = Value.of(0.15);
        Value w2 = Value.of(0.20);
        Value w3 = Value.of(0.25);
        Value w4 = Value.of(0.30);
        Value b1 = Value.of(0.35);
        Value w5 = Value.of(0.40);
        Value w6 = Value.of(0.45);
        Value w7 = Value.of(0.50);
        Value w8 = Value.of(0.55);
        Value b2 = Value.of(0.60);

        Value h1 = w1.mul(i1).add(w2.mul(i2)).add(b1).sigmoid();
        Value h2 = w3.mul(i1).add(w4.mul(i2)).add(b1).sigmoid();
        Value o1 = w5.mul(h1).add(w6.mul(h2)).add(b2).sigmoid();
        Value o2 = w7.mul(h1).add(w8.mul(h2)).add(b2).sigmoid();
        Value error = Value.of(0.01).sub(o1).pow(2).mul(0.5).add(Value.of(0.99).sub(o2).pow(2).mul(0.5));
        error.backward();

        assertThat(o1.data()).isCloseTo(0.751365070, within(TOL));
        assertThat(o2.data()).isCloseTo(0.772928465, within(TOL));
        assertThat(error.data()).isCloseTo(0.298371109, within(TOL));

        assertThat(w5.grad()).isCloseTo(0.082167041, within(TOL));
        assertThat(w6.grad()).isCloseTo(0.082667628, within(TOL));
        assertThat(w7.grad()).isCloseTo(-0.022602540, within(TOL));
        assertThat(w8.grad()).isCloseTo(-0.022740242, within(TOL));
        assertThat(b2.grad()).isCloseTo(0.100400325, within(TOL));
        assertThat(h1.grad()).isCloseTo(0.036350306, within(TOL));
        assertThat(h2.grad()).isCloseTo(0.041370323, within(TOL));
        assertThat(w1.grad()).isCloseTo(0.000438568, within(TOL));
        assertThat(w2.grad()).isCloseTo(0.000877135, within(TOL));
        assertThat(w3.grad()).isCloseTo(0.000497713, within(TOL));
        assertThat(w4.grad()).isCloseTo(0.000995425, within(TOL));
        assertThat(b1.grad()).isCloseTo(0.018725609, within(TOL));

        w5.setData(w5.data() - 0.5 * w5.grad());
        w1.setData(w1.data() - 0.5 * w1.grad());
        assertThat(w5.data()).isCloseTo(0.358916480, within(TOL));
        assertThat(w1.data()).isCloseTo(0.149780716, within(TOL));
    }
}
