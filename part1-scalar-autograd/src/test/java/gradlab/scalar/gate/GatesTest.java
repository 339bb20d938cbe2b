package gradlab.scalar.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each gate's forward value and backward gradients at a point worked out by hand. */
class GatesTest {
    private static final double TOL = 1e-12;

    @Test
    void multiplyGateSwapsItsInputsIntoTheGradients() {
        MultiplyGate gate = new MultiplyGate();
        assertThat(gate.forward(3, -4)).isEqualTo(-12);
        // dz/dx = y = -4, dz/dy = x = 3, times dz = 2
        assertThat(gate.backward(2)).containsExactly(-8, 6);
    }

    @Test
    void addGateDistributesTheGradient() {
        AddGate gate = new AddGate();
        assertThat(gate.forward(3, -4)).isEqualTo(-1);
        assertThat(gate.backward(5)).containsExactly(5, 5);
    }

    @Test
    void maxGateRoutesTheGradientToTheLargerInput() {
        MaxGate gate = new MaxGate();
        assertThat(gate.forward(2, 7)).isEqualTo(7);
        assertThat(gate.backward(3)).containsExactly(0, 3);
        gate.forward(7, 2);
        assertThat(gate.backward(3)).containsExactly(3, 0);
        gate.forward(4, 4); // tie: all to the first input, by convention
        assertThat(gate.backward(3)).containsExactly(3, 0);
    }

    @Test
    void unaryGatesAtHandWorkedPoints() {
        // exp: d/dx e^x = e^x; at x = ln 2: value 2, gradient 2 * dz
        ExpGate exp = new ExpGate();
        assertThat(exp.forward(Math.log(2))).isCloseTo(2, within(TOL));
        assertThat(exp.backward(0.5)[0]).isCloseTo(1, within(TOL));
        // log: d/dx ln x = 1/x; at x = 4: 0.25 * dz
        LogGate log = new LogGate();
        assertThat(log.forward(4)).isCloseTo(Math.log(4), within(TOL));
        assertThat(log.backward(2)[0]).isCloseTo(0.5, within(TOL));
        // inverse: d/dx 1/x = -1/x^2; at x = 2: -0.25 * dz
        InverseGate inv = new InverseGate();
        assertThat(inv.forward(2)).isEqualTo(0.5);
        assertThat(inv.backward(4)[0]).isCloseTo(-1, within(TOL));
        // pow 3: d/dx x^3 = 3x^2; at x = -2: value -8, gradient 12 * dz
        PowGate cube = new PowGate(3);
        assertThat(cube.forward(-2)).isCloseTo(-8, within(TOL));
        assertThat(cube.backward(1)[0]).isCloseTo(12, within(TOL));
        // sigmoid: s(0) = 1/2, s'(0) = 1/4
        SigmoidGate sig = new SigmoidGate();
        assertThat(sig.forward(0)).isEqualTo(0.5);
        assertThat(sig.backward(1)[0]).isEqualTo(0.25);
        // tanh: tanh(0) = 0, tanh'(0) = 1
        TanhGate tanh = new TanhGate();
        assertThat(tanh.forward(0)).isEqualTo(0);
        assertThat(tanh.backward(3)[0]).isEqualTo(3);
        // relu: passes the gradient where x > 0, blocks it where x <= 0 (0 at the kink, as PyTorch)
        ReluGate relu = new ReluGate();
        assertThat(relu.forward(-1)).isEqualTo(0);
        assertThat(relu.backward(3)[0]).isEqualTo(0);
        relu.forward(2);
        assertThat(relu.backward(3)[0]).isEqualTo(3);
        relu.forward(0);
        assertThat(relu.backward(3)[0]).isEqualTo(0);
    }

    @Test
    void backwardUsesTheInputsOfTheLatestForward() {
        MultiplyGate gate = new MultiplyGate();
        gate.forward(1, 2);
        gate.forward(5, 7);
        assertThat(gate.backward(1)).containsExactly(7, 5);
    }

    @Test
    void backwardBeforeForwardIsAClearError() {
        assertThatThrownBy(() -> new MultiplyGate().backward(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MultiplyGate.backward(1.0) was called before forward: call forward(x, y) first, so the"
                        + " gate has the inputs its gradient depends on");
        assertThatThrownBy(() -> new SigmoidGate().backward(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SigmoidGate.backward(1.0) was called before forward: call forward(x) first");
    }

    @Test
    void inputsOutsideTheDomainAreClearErrors() {
        assertThatThrownBy(() -> new LogGate().forward(-1))
                .hasMessage("LogGate needs x > 0, got x = -1.0; ln is undefined there");
        assertThatThrownBy(() -> new InverseGate().forward(0))
                .hasMessage("InverseGate needs x != 0, got x = 0.0; 1/x is undefined there");
        assertThatThrownBy(() -> new PowGate(0.5).forward(-4))
                .hasMessageStartingWith("PowGate(0.5) needs x >= 0 or an integer exponent, got x = -4.0");
        assertThatThrownBy(() -> new MultiplyGate().forward(1, 2, 3))
                .hasMessage("MultiplyGate takes 2 inputs, got 3; call forward(x, y)");
        assertThatThrownBy(() -> new ExpGate().forward(1, 2))
                .hasMessage("ExpGate takes 1 input, got 2; call forward(x)");
        assertThatThrownBy(() -> new PowGate(-1).forward(0))
                .hasMessageStartingWith("PowGate(-1.0) at x = 0: the derivative p x^(p-1) is infinite or undefined");
        assertThatThrownBy(() -> new PowGate(Double.POSITIVE_INFINITY))
                .hasMessage("PowGate needs a finite exponent, got p = Infinity");
    }

    @Test
    void aNaNInputIsAClearError() {
        assertThatThrownBy(() -> new AddGate().forward(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AddGate.forward(1.0, NaN) got NaN; find the operation upstream that produced it (0/0,"
                        + " inf - inf, log of a negative number)");
        assertThatThrownBy(() -> new TanhGate().forward(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TanhGate.forward(NaN): the input is NaN");
    }

    @Test
    void aFailedForwardKeepsTheCacheOfTheLastSuccessfulOne() {
        LogGate log = new LogGate();
        log.forward(4);
        assertThatThrownBy(() -> log.forward(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.backward(1)).containsExactly(0.25);   // still d/dx ln x at x = 4
    }
}
