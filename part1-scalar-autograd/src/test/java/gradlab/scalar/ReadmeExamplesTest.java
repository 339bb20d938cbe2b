package gradlab.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.scalar.check.GateFunction;
import gradlab.scalar.check.ValueFunction;
import gradlab.scalar.gate.AddGate;
import gradlab.scalar.gate.MultiplyGate;
import gradlab.scalar.gate.SoftplusGate;
import gradlab.scalar.graph.ComputationalGraph;
import gradlab.scalar.value.DotExporter;
import gradlab.scalar.value.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The code of part1-scalar-autograd/README.md, as written there, with the results the README states. */
class ReadmeExamplesTest {

    @Test
    void gates() {
        MultiplyGate mul = new MultiplyGate();
        double z = mul.forward(3, -4);         // -12; the gate keeps x = 3 and y = -4
        double[] dxdy = mul.backward(2);       // [y * dz, x * dz] = [-8, 6]

        assertThat(z).isEqualTo(-12);
        assertThat(dxdy).containsExactly(-8, 6);
    }

    @Test
    void gatesWiredByHand() {
        AddGate add = new AddGate();
        MultiplyGate mul = new MultiplyGate();
        double q = add.forward(-2, 5);         // q = x + y = 3
        double f = mul.forward(q, -4);         // f = q z = -12
        double[] dqdz = mul.backward(1);       // [df/dq, df/dz] = [z, q] = [-4, 3]
        double[] dxdy = add.backward(dqdz[0]); // [df/dx, df/dy] = [-4, -4]: the add gate copies df/dq

        assertThat(q).isEqualTo(3);
        assertThat(f).isEqualTo(-12);
        assertThat(dqdz).containsExactly(-4, 3);
        assertThat(dxdy).containsExactly(-4, -4);
    }

    @Test
    void graph() {
        ComputationalGraph g = ComputationalGraph.builder()
                .input("x").input("y").input("z")
                .gate("q", new AddGate(), "x", "y")
                .gate("f", new MultiplyGate(), "q", "z")
                .output("f")
                .build();
        double f = g.forward(Map.of("x", -2.0, "y", 5.0, "z", -4.0));   // (x + y) z = -12
        Map<String, Double> grads = g.backward();                      // {x=-4.0, y=-4.0, z=3.0}

        assertThat(f).isEqualTo(-12);
        assertThat(grads).hasToString("{x=-4.0, y=-4.0, z=3.0}");
    }

    @Test
    void value() {
        Value a = Value.of(2), b = Value.of(-3);
        Value c = a.mul(b).add(a.pow(2));      // c = a b + a^2 = -2
        c.backward();
        double dcda = a.grad();                // b + 2a = 1
        double dcdb = b.grad();                // a = 2

        assertThat(c.data()).isEqualTo(-2);
        assertThat(dcda).isCloseTo(1, within(1e-12));
        assertThat(dcdb).isEqualTo(2);
        assertThat(DotExporter.toDot(c)).startsWith("digraph value {");
    }

    @Test
    void accumulation() {
        Value x = Value.of(3);
        Value y = x.mul(x);
        y.backward();                          // x.grad() = 6
        assertThat(x.grad()).isEqualTo(6);
        y.backward();                          // x.grad() = 12: accumulated
        assertThat(x.grad()).isEqualTo(12);
        x.zeroGrad();                          // back to 0, as optimizer.zero_grad() before each step
        assertThat(x.grad()).isEqualTo(0);
        assertThat(y.grad()).isEqualTo(1);     // intermediate: the latest pass only
        Value.zeroGrad(java.util.List.of(x, y));
        assertThat(y.grad()).isEqualTo(0);
    }

    @Test
    void writeYourOwnGate() {
        Value x = Value.of(0.5);
        Value y = Value.apply(new SoftplusGate(), x).mul(x);   // y = softplus(x) x: x is used twice (fan-out)
        y.backward();
        double dydx = x.grad();                                // softplus(x) + x sigmoid(x) = 1.285306649781034

        GradCheck.assertCorrect(new GateFunction(new SoftplusGate()), Input.scalar("x", 0.5));       // the gate alone
        GradCheck.assertCorrect(new ValueFunction(v -> Value.apply(new SoftplusGate(), v[0]).mul(v[0])),
                Input.scalar("x", 0.5));                                                           // with fan-out

        // PyTorch (float64): softplus(x) * x at 0.5 is 0.48703849209005334, its gradient 1.285306649781034
        assertThat(y.data()).isCloseTo(0.48703849209005334, within(1e-15));
        assertThat(dydx).isCloseTo(1.285306649781034, within(1e-15));
        assertThat(y.children().get(0).op()).isEqualTo("softplus");
        assertThat(new ValueFunction(v -> Value.apply(new SoftplusGate(), v[0]).mul(v[0]))
                .uses(new double[][] {{0.5}}, 0, 0)).as("x feeds the gate and the product").isEqualTo(2);
    }
}
