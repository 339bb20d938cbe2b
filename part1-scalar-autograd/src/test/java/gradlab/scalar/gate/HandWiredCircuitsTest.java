package gradlab.scalar.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The circuits of CS231n's backpropagation lecture (lecture 4; notes at https://cs231n.github.io/optimization-2/)
 * wired by hand: the test calls every gate's forward in order, then every gate's backward in reverse order, passing
 * each gate the gradient of its output. This is what {@code ComputationalGraph} and {@code Value} automate.
 */
class HandWiredCircuitsTest {
    private static final double TOL = 1e-12;

    /**
     * f(x, y, z) = (x + y) z at x = -2, y = 5, z = -4.
     * <pre>
     *   forward:   q = x + y = 3            f = q z = -12
     *   backward:  df/df = 1
     *              df/dq = z * 1 = -4       df/dz = q * 1 = 3          (multiply gate: the other input)
     *              df/dx = 1 * df/dq = -4   df/dy = 1 * df/dq = -4     (add gate: copies the gradient)
     * </pre>
     */
    @Test
    void addThenMultiply() {
        AddGate add = new AddGate();
        MultiplyGate mul = new MultiplyGate();

        double q = add.forward(-2, 5);
        double f = mul.forward(q, -4);

        double[] dqdz = mul.backward(1);       // [df/dq, df/dz]
        double[] dxdy = add.backward(dqdz[0]); // [df/dx, df/dy]

        assertThat(q).isEqualTo(3);
        assertThat(f).isEqualTo(-12);
        assertThat(dqdz).containsExactly(-4, 3);
        assertThat(dxdy).containsExactly(-4, -4);
    }

    /**
     * The sigmoid neuron f(w, x) = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))) at w = [2, -3, -3], x = [-1, -2], gate by
     * gate as on the lecture's slide.
     * <pre>
     *   forward:   a = w0 x0 = -2     b = w1 x1 = 6     c = a + b = 4     dot = c + w2 = 1
     *              n = -1 * dot = -1  e = exp(n) = 0.3679   d = e + 1 = 1.3679   f = 1/d = 0.7311 = s(1)
     *   backward:  df/dd = -1/d^2 = -0.5344
     *              df/de = 1 * df/dd = -0.5344                   (+1 gate)
     *              df/dn = e * df/de = -0.1966                   (exp gate: its output)
     *              df/ddot = -1 * df/dn = 0.1966                 (= s(1)(1 - s(1)): the sigmoid's local gradient)
     *              df/dc = df/dw2 = 0.1966, df/da = df/db = 0.1966  (add gates copy)
     *              df/dw0 = x0 * 0.1966 = -0.1966   df/dx0 = w0 * 0.1966 = 0.3932
     *              df/dw1 = x1 * 0.1966 = -0.3932   df/dx1 = w1 * 0.1966 = -0.5898
     * </pre>
     */
    @Test
    void sigmoidNeuronGateByGate() {
        MultiplyGate w0x0 = new MultiplyGate();
        MultiplyGate w1x1 = new MultiplyGate();
        AddGate sum01 = new AddGate();
        AddGate plusBias = new AddGate();
        MultiplyGate negate = new MultiplyGate();
        ExpGate exp = new ExpGate();
        AddGate plusOne = new AddGate();
        InverseGate inverse = new InverseGate();

        double a = w0x0.forward(2, -1);
        double b = w1x1.forward(-3, -2);
        double c = sum01.forward(a, b);
        double dot = plusBias.forward(c, -3);
        double n = negate.forward(dot, -1);
        double e = exp.forward(n);
        double d = plusOne.forward(e, 1);
        double f = inverse.forward(d);

        double dd = inverse.backward(1)[0];
        double de = plusOne.backward(dd)[0];
        double dn = exp.backward(de)[0];
        double ddot = negate.backward(dn)[0];
        double[] dcdw2 = plusBias.backward(ddot);
        double[] dadb = sum01.backward(dcdw2[0]);
        double[] dw0dx0 = w0x0.backward(dadb[0]);
        double[] dw1dx1 = w1x1.backward(dadb[1]);

        double s = 1 / (1 + Math.exp(-1));
        assertThat(dot).isEqualTo(1);
        assertThat(f).isCloseTo(s, within(TOL)).isCloseTo(0.7311, within(1e-4));
        assertThat(dd).isCloseTo(-1 / (d * d), within(TOL)).isCloseTo(-0.5344, within(1e-4));
        assertThat(ddot).isCloseTo(s * (1 - s), within(TOL)).isCloseTo(0.1966, within(1e-4));
        assertThat(dcdw2[1]).isCloseTo(0.1966, within(1e-4));                  // df/dw2
        assertThat(dw0dx0[0]).isCloseTo(-0.1966, within(1e-4));                // df/dw0
        assertThat(dw0dx0[1]).isCloseTo(0.3932, within(1e-4));                 // df/dx0
        assertThat(dw1dx1[0]).isCloseTo(-0.3932, within(1e-4));                // df/dw1
        assertThat(dw1dx1[1]).isCloseTo(-0.5898, within(1e-4));                // df/dx1
        assertThat(dw1dx1[1]).isCloseTo(-3 * s * (1 - s), within(TOL));
    }

    /** The same neuron with one SigmoidGate in place of the last four gates: the same gradients. */
    @Test
    void sigmoidNeuronWithASigmoidGate() {
        MultiplyGate w0x0 = new MultiplyGate();
        MultiplyGate w1x1 = new MultiplyGate();
        AddGate sum01 = new AddGate();
        AddGate plusBias = new AddGate();
        SigmoidGate sigmoid = new SigmoidGate();

        double dot = plusBias.forward(sum01.forward(w0x0.forward(2, -1), w1x1.forward(-3, -2)), -3);
        double f = sigmoid.forward(dot);

        double ddot = sigmoid.backward(1)[0];
        double[] dcdw2 = plusBias.backward(ddot);
        double[] dadb = sum01.backward(dcdw2[0]);
        double[] dw0dx0 = w0x0.backward(dadb[0]);
        double[] dw1dx1 = w1x1.backward(dadb[1]);

        assertThat(f).isCloseTo(0.7310585786, within(1e-10));
        assertThat(ddot).isCloseTo(0.1966119332, within(1e-10));
        assertThat(dw0dx0).containsExactly(new double[] {-0.1966119332, 0.3932238664}, within(1e-10));
        assertThat(dw1dx1).containsExactly(new double[] {-0.3932238664, -0.5898357997}, within(1e-10));
        assertThat(dcdw2[1]).isCloseTo(0.1966119332, within(1e-10));
    }
}
