package gradlab.scalar.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.scalar.gate.AddGate;
import gradlab.scalar.gate.ExpGate;
import gradlab.scalar.gate.InverseGate;
import gradlab.scalar.gate.LogGate;
import gradlab.scalar.gate.MultiplyGate;
import gradlab.scalar.gate.SigmoidGate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The circuits of CS231n's backpropagation lecture (lecture 4; notes at https://cs231n.github.io/optimization-2/), run
 * through a graph of gates in topological order.
 */
class ComputationalGraphTest {
    private static final double TOL = 1e-9;

    /**
     * f(x, y, z) = (x + y) z at x = -2, y = 5, z = -4 (CS231n, backprop lecture).
     * <pre>
     *   q = x + y = 3          f = q z = -12
     *   df/dz = q = 3          df/dq = z = -4
     *   df/dx = df/dq * dq/dx = -4 * 1 = -4        df/dy = -4 * 1 = -4
     * </pre>
     */
    @Test
    void addThenMultiply() {
        ComputationalGraph g = ComputationalGraph.builder()
                .input("x").input("y").input("z")
                .gate("q", new AddGate(), "x", "y")
                .gate("f", new MultiplyGate(), "q", "z")
                .output("f")
                .build();
        assertThat(g.forward(Map.of("x", -2.0, "y", 5.0, "z", -4.0))).isEqualTo(-12);
        assertThat(g.value("q")).isEqualTo(3);
        assertThat(g.backward()).containsExactly(Map.entry("x", -4.0), Map.entry("y", -4.0), Map.entry("z", 3.0));
    }

    /**
     * The sigmoid neuron f(w, x) = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))) at w = [2, -3, -3], x = [-1, -2], built from
     * the lecture's gates: *, +, *(-1), exp, +1, 1/x.
     * <pre>
     *   dot = w0 x0 + w1 x1 + w2 = -2 + 6 - 3 = 1        f = s(1) = 0.7310586
     *   df/ddot = s(1)(1 - s(1)) = 0.1966119
     *   df/dx0 = w0 * 0.1966 = 0.3932    df/dx1 = w1 * 0.1966 = -0.5898
     *   df/dw0 = x0 * 0.1966 = -0.1966   df/dw1 = x1 * 0.1966 = -0.3932   df/dw2 = 0.1966
     * </pre>
     */
    @Test
    void sigmoidNeuronFromElementaryGates() {
        ComputationalGraph g = ComputationalGraph.builder()
                .input("w0").input("x0").input("w1").input("x1").input("w2").input("minusOne").input("one")
                .gate("w0x0", new MultiplyGate(), "w0", "x0")
                .gate("w1x1", new MultiplyGate(), "w1", "x1")
                .gate("sum01", new AddGate(), "w0x0", "w1x1")
                .gate("dot", new AddGate(), "sum01", "w2")
                .gate("negDot", new MultiplyGate(), "dot", "minusOne")
                .gate("expNeg", new ExpGate(), "negDot")
                .gate("denominator", new AddGate(), "expNeg", "one")
                .gate("f", new InverseGate(), "denominator")
                .output("f")
                .build();
        double f = g.forward(Map.of("w0", 2.0, "x0", -1.0, "w1", -3.0, "x1", -2.0, "w2", -3.0,
                "minusOne", -1.0, "one", 1.0));
        Map<String, Double> grads = g.backward();
        double s = 1 / (1 + Math.exp(-1));
        double ds = s * (1 - s);
        assertThat(f).isCloseTo(0.7310585786, within(TOL));
        assertThat(ds).isCloseTo(0.1966119332, within(TOL));
        assertThat(grads.get("x0")).isCloseTo(2 * ds, within(TOL)).isCloseTo(0.3932, within(1e-4));
        assertThat(grads.get("x1")).isCloseTo(-3 * ds, within(TOL)).isCloseTo(-0.5898, within(1e-4));
        assertThat(grads.get("w0")).isCloseTo(-ds, within(TOL)).isCloseTo(-0.1966, within(1e-4));
        assertThat(grads.get("w1")).isCloseTo(-2 * ds, within(TOL)).isCloseTo(-0.3932, within(1e-4));
        assertThat(grads.get("w2")).isCloseTo(ds, within(TOL)).isCloseTo(0.1966, within(1e-4));
    }

    /** The same neuron with a sigmoid gate: the local gradient s(1-s) replaces four gates. */
    @Test
    void sigmoidNeuronWithASigmoidGate() {
        ComputationalGraph g = ComputationalGraph.builder()
                .input("w0").input("x0").input("w1").input("x1").input("w2")
                .gate("w0x0", new MultiplyGate(), "w0", "x0")
                .gate("w1x1", new MultiplyGate(), "w1", "x1")
                .gate("sum01", new AddGate(), "w0x0", "w1x1")
                .gate("dot", new AddGate(), "sum01", "w2")
                .gate("f", new SigmoidGate(), "dot")
                .output("f")
                .build();
        g.forward(Map.of("w0", 2.0, "x0", -1.0, "w1", -3.0, "x1", -2.0, "w2", -3.0));
        Map<String, Double> grads = g.backward();
        assertThat(grads.get("x0")).isCloseTo(0.393223866, within(TOL));
        assertThat(grads.get("w2")).isCloseTo(0.196611933, within(TOL));
    }

    /**
     * Fan-out: f = x * x + x reads x three times; df/dx = 2x + 1 is the sum of what each reader sends back.
     * At x = 3: the multiply gate sends 3 + 3 (once per argument) and the add gate sends 1: 7.
     */
    @Test
    void fanOutGradientsAreSummed() {
        ComputationalGraph g = ComputationalGraph.builder()
                .input("x")
                .gate("square", new MultiplyGate(), "x", "x")
                .gate("f", new AddGate(), "square", "x")
                .output("f")
                .build();
        assertThat(g.forward(Map.of("x", 3.0))).isEqualTo(12);
        assertThat(g.backward()).containsEntry("x", 7.0);
    }

    @Test
    void gatesMayBeDeclaredInAnyOrderAndRunInTopologicalOrder() {
        ComputationalGraph g = ComputationalGraph.builder()
                .gate("f", new MultiplyGate(), "q", "z")
                .gate("q", new AddGate(), "x", "y")
                .input("x").input("y").input("z")
                .output("f")
                .build();
        assertThat(g.topologicalOrder()).containsExactly("q", "f");
        assertThat(g.forward(Map.of("x", 1.0, "y", 2.0, "z", 3.0))).isEqualTo(9);
    }

    @Test
    void aCycleIsReportedWithTheGatesInIt() {
        assertThatThrownBy(() -> ComputationalGraph.builder()
                .input("x")
                .gate("a", new AddGate(), "x", "c")
                .gate("b", new ExpGate(), "a")
                .gate("c", new ExpGate(), "b")
                .gate("f", new ExpGate(), "c")
                .output("f")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the gates [a, b, c, f] form a cycle (or depend on one); a computational graph must be"
                        + " acyclic so that it has a topological order");
    }

    @Test
    void anUnconnectedInputIsReported() {
        assertThatThrownBy(() -> ComputationalGraph.builder()
                .input("x").input("unused")
                .gate("f", new ExpGate(), "x")
                .output("f")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input 'unused' not connected to the output 'f'; wire it into a gate that leads to the"
                        + " output, or remove it");
    }

    @Test
    void wiringMistakesAreReported() {
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("f", new ExpGate(), "y").output("f")
                .build())
                .hasMessage("gate 'f' reads 'y', which is neither an input [x] nor a gate [f]");
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("f", new AddGate(), "x"))
                .hasMessage("gate 'f' (AddGate) takes 2 argument(s) but 1 were wired: [x]");
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("f", new ExpGate(), "x").build())
                .hasMessage("the output is not set; call output(name) with one of the gates [f]");
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").input("x"))
                .hasMessage("the name 'x' is already used; every input and gate needs its own name");
        ExpGate shared = new ExpGate();
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("a", shared, "x")
                .gate("f", shared, "a").output("f").build())
                .hasMessage("the same gate object is used for 'a' and 'f'; a gate caches its inputs, so every node"
                        + " needs its own gate");
    }

    @Test
    void unknownNamesAreReported() {
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("f", new ExpGate(), "x").output("x")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the output 'x' is not a gate; call output(name) with one of the gates [f]");
        ComputationalGraph g = ComputationalGraph.builder().input("x").gate("f", new ExpGate(), "x").output("f")
                .build();
        assertThatThrownBy(() -> g.value("f"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("value was called before forward: call forward(inputValues) first");
        g.forward(Map.of("x", 0.0));
        assertThatThrownBy(() -> g.value("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no value named 'nope'; the graph has inputs [x] and gates [f]");
    }

    /** A gate that throws in forward leaves the graph without a usable forward pass: backward refuses to run. */
    @Test
    void aFailedForwardIsNotBackpropagated() {
        ComputationalGraph g = ComputationalGraph.builder().input("x").gate("f", new LogGate(), "x").output("f")
                .build();
        g.forward(Map.of("x", 2.0));
        assertThat(g.backward()).containsEntry("x", 0.5);
        assertThatThrownBy(() -> g.forward(Map.of("x", -2.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LogGate needs x > 0, got x = -2.0; ln is undefined there");
        assertThatThrownBy(g::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("backward was called before forward: call forward(inputValues) first");
    }

    @Test
    void forwardNeedsEveryInputAndOnlyInputs() {
        ComputationalGraph g = ComputationalGraph.builder().input("x").input("y")
                .gate("f", new MultiplyGate(), "x", "y").output("f").build();
        assertThatThrownBy(() -> g.forward(Map.of("x", 1.0)))
                .hasMessage("forward is missing a value for input 'y'; give every input [x, y]");
        assertThatThrownBy(() -> g.forward(Map.of("x", 1.0, "y", 2.0, "z", 3.0)))
                .hasMessage("forward got a value for 'z', which is not an input; the inputs are [x, y]");
        assertThatThrownBy(g::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("backward was called before forward: call forward(inputValues) first");
    }
}
