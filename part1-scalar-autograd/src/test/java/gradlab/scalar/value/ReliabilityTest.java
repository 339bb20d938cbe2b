package gradlab.scalar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.scalar.gate.AddGate;
import gradlab.scalar.gate.MultiplyGate;
import gradlab.scalar.gate.TanhGate;
import gradlab.scalar.graph.ComputationalGraph;
import gradlab.scalar.nn.MLP;
import gradlab.scalar.nn.Neuron;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Misuse gets a message naming the parameter and the fix, never a bare NullPointerException; and a gate object
 * shared between two computations is refused instead of silently returning the other computation's gradients.
 */
class ReliabilityTest {

    @Test
    void nullOperandsNameTheParameterAndTheFix() {
        Value a = Value.of(2);
        assertThatThrownBy(() -> a.add(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Value.add(other): other is null; pass a Value, e.g. add(Value.of(2)), or a number, e.g."
                        + " add(2)");
        assertThatThrownBy(() -> a.mul(null)).hasMessageStartingWith("Value.mul(other): other is null");
        assertThatThrownBy(() -> a.sub(null)).hasMessageStartingWith("Value.sub(other): other is null");
        assertThatThrownBy(() -> a.div(null)).hasMessageStartingWith("Value.div(other): other is null");
        assertThatThrownBy(() -> Value.apply(null, a)).hasMessageStartingWith("Value.apply(gate, operands): gate is"
                + " null; pass a new gate");
        assertThatThrownBy(() -> Value.apply(new AddGate(), a, null))
                .hasMessageStartingWith("Value.apply(AddGate, operands): operand 1 is null");
        assertThatThrownBy(() -> Value.apply(new AddGate(), a)).hasMessage("AddGate takes 2 operand(s) but 1 were"
                + " given");
        assertThatThrownBy(() -> Value.zeroGrad(null)).hasMessageStartingWith("Value.zeroGrad(values): values is null");
        assertThatThrownBy(() -> DotExporter.toDot(null)).hasMessageStartingWith("toDot(root): root is null");
    }

    @Test
    void nullArgumentsToGatesGraphsAndNetworksNameTheParameter() {
        assertThatThrownBy(() -> new TanhGate().forward((double[]) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TanhGate.forward(inputs): inputs is null; call forward(x) with one number");
        assertThatThrownBy(() -> new AddGate().forward((double[]) null))
                .hasMessage("AddGate.forward(inputs): inputs is null; call forward(x, y) with two numbers");
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("f", null, "x"))
                .hasMessageStartingWith("gate 'f' is null; pass a new gate object");
        assertThatThrownBy(() -> ComputationalGraph.builder().input("x").gate("f", new TanhGate(), (String) null))
                .hasMessageStartingWith("gate 'f' reads a null name");
        ComputationalGraph g = ComputationalGraph.builder().input("x").gate("f", new TanhGate(), "x").output("f")
                .build();
        assertThatThrownBy(() -> g.forward(null))
                .hasMessage("forward(inputValues): inputValues is null; pass a value for every input [x], e.g."
                        + " Map.of(\"x\", 1.0)");
        assertThatThrownBy(() -> new Neuron(2, true, null)).hasMessageStartingWith("random is null");
        Neuron n = new Neuron(2, true, new Random(1));
        assertThatThrownBy(() -> n.apply(null)).hasMessageStartingWith("the neuron's input list is null");
        assertThatThrownBy(() -> n.apply(Arrays.asList(Value.of(1), null)))
                .hasMessageStartingWith("the neuron's input 1 is null");
        assertThatThrownBy(() -> new MLP(2, null, new Random(1))).hasMessageStartingWith("an MLP needs at least one"
                + " layer size");
        assertThatThrownBy(() -> new MLP(2, new int[] {1}, new Random(1)).applyScalar((double[]) null))
                .hasMessageStartingWith("applyScalar(x): x is null");
    }

    @Test
    void oneGateInTwoGraphsIsRefusedInsteadOfGivingTheOtherGraphsGradients() {
        MultiplyGate shared = new MultiplyGate();
        ComputationalGraph first = ComputationalGraph.builder().input("x").input("y")
                .gate("f", shared, "x", "y").output("f").build();
        ComputationalGraph second = ComputationalGraph.builder().input("a").input("b")
                .gate("g", shared, "a", "b").output("g").build();
        first.forward(Map.of("x", 2.0, "y", 3.0));
        second.forward(Map.of("a", 10.0, "b", 20.0));   // the shared gate now holds 10 and 20
        assertThatThrownBy(first::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("gate 'f' (MultiplyGate) has run forward since this graph's forward: the same"
                        + " gate object is used in another graph");
        assertThat(second.backward()).containsEntry("a", 20.0).containsEntry("b", 10.0);   // its own forward: fine
        first.forward(Map.of("x", 2.0, "y", 3.0));                                        // run again: fine
        assertThat(first.backward()).containsEntry("x", 3.0).containsEntry("y", 2.0);
    }

    @Test
    void aGateThatAlreadyRanIsRefusedByValueApply() {
        TanhGate gate = new TanhGate();
        Value y = Value.apply(gate, Value.of(0.5));
        assertThatThrownBy(() -> Value.apply(gate, Value.of(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("this TanhGate has already run forward 1 time(s); a gate keeps the inputs of one"
                        + " call");
        gate.forward(3);   // by hand: now the gate keeps x = 3, not y's 0.5
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the TanhGate that computed this 'tanh' has run forward again since");
    }

    /**
     * x = exp(1000) is inf (legal) and relu(x * c) = relu(-inf) sends back 0, so the multiply's local gradient for c,
     * x * 0 = inf * 0, is NaN: c's own gate refuses it mid-pass, after b has already received its share. The refused
     * backward must add nothing: every grad is as it was before.
     */
    @org.junit.jupiter.api.Test
    void aBackwardRefusedHalfwayPutsEveryGradientBack() {
        Value a = Value.of(1000);
        Value b = Value.of(2);
        Value ok = a.mul(0).add(b);
        ok.backward();                                     // a.grad = 0, b.grad = 1
        Value x = a.exp();
        Value c = b.mul(-1);
        Value y = x.mul(c).relu().add(b);
        assertThatThrownBy(y::backward).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is NaN");
        assertThat(a.grad()).as("a leaf after the refused backward").isEqualTo(0.0);
        assertThat(b.grad()).as("a leaf the pass reached before the refusal").isEqualTo(1.0);
        assertThat(x.grad()).as("an intermediate value").isEqualTo(0.0);
        assertThat(c.grad()).as("the intermediate value whose gate refused").isEqualTo(0.0);
    }
}
