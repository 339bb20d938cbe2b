package gradlab.scalar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Value's forward values and gradients on hand-worked examples, accumulation, and its errors. */
class ValueTest {
    private static final double TOL = 1e-9;

    /** The sigmoid neuron of CS231n's backprop lecture; derivation in ComputationalGraphTest. */
    @Test
    void sigmoidNeuron() {
        Value w0 = Value.of(2);
        Value w1 = Value.of(-3);
        Value w2 = Value.of(-3);
        Value x0 = Value.of(-1);
        Value x1 = Value.of(-2);
        Value f = w0.mul(x0).add(w1.mul(x1)).add(w2).sigmoid();
        f.backward();
        assertThat(f.data()).isCloseTo(0.7310585786, within(TOL));
        assertThat(x0.grad()).isCloseTo(0.393223866, within(TOL));
        assertThat(x1.grad()).isCloseTo(-0.589835799, within(TOL));
        assertThat(w0.grad()).isCloseTo(-0.196611933, within(TOL));
        assertThat(w1.grad()).isCloseTo(-0.393223866, within(TOL));
        assertThat(w2.grad()).isCloseTo(0.196611933, within(TOL));
    }

    /** The same neuron spelled with exp and div: 1 / (1 + exp(-dot)); same gradients. */
    @Test
    void sigmoidNeuronFromExpAndDiv() {
        Value w0 = Value.of(2);
        Value x0 = Value.of(-1);
        Value x1 = Value.of(-2);
        Value dot = w0.mul(x0).add(Value.of(-3).mul(x1)).add(Value.of(-3));
        Value f = Value.of(1).div(dot.neg().exp().add(1));
        f.backward();
        assertThat(f.data()).isCloseTo(0.7310585786, within(TOL));
        assertThat(x0.grad()).isCloseTo(0.393223866, within(TOL));
        assertThat(w0.grad()).isCloseTo(-0.196611933, within(TOL));
    }

    /** (x + y) z at x = -2, y = 5, z = -4: f = -12, df/dx = df/dy = z = -4, df/dz = x + y = 3. */
    @Test
    void addThenMultiply() {
        Value x = Value.of(-2);
        Value y = Value.of(5);
        Value z = Value.of(-4);
        Value f = x.add(y).mul(z);
        f.backward();
        assertThat(f.data()).isEqualTo(-12);
        assertThat(x.grad()).isEqualTo(-4);
        assertThat(y.grad()).isEqualTo(-4);
        assertThat(z.grad()).isEqualTo(3);
    }

    /**
     * A value used several times: f = x*x + x at x = 3. df/dx = 2x + 1 = 7, the sum of the three uses' shares
     * (3 and 3 from the product, 1 from the sum). Without the += in the backward steps it would be 1 or 3.
     */
    @Test
    void fanOutSumsGradients() {
        Value x = Value.of(3);
        Value f = x.mul(x).add(x);
        f.backward();
        assertThat(f.data()).isEqualTo(12);
        assertThat(x.grad()).isEqualTo(7);
    }

    /** a = 2, b = -3: c = a b + a^2 = -2; dc/da = b + 2a = 1, dc/db = a = 2 (the Javadoc example). */
    @Test
    void javadocExample() {
        Value a = Value.of(2);
        Value b = Value.of(-3);
        Value c = a.mul(b).add(a.pow(2));
        c.backward();
        assertThat(c.data()).isEqualTo(-2);
        assertThat(a.grad()).isEqualTo(1);
        assertThat(b.grad()).isEqualTo(2);
    }

    @Test
    void everyOperationAtAHandWorkedPoint() {
        // x = 2, y = 0.5; each line: value, then d/dx (and d/dy) worked out by hand
        assertOp(x -> x.sub(Value.of(0.5)), 1.5, 1);
        assertOp(x -> x.div(Value.of(0.5)), 4, 2);                 // d/dx x/y = 1/y = 2
        assertOp(x -> Value.of(0.5).div(x), 0.25, -0.125);          // d/dx y/x = -y/x^2
        assertOp(x -> x.pow(3), 8, 12);                             // 3x^2
        assertOp(Value::neg, -2, -1);
        assertOp(Value::exp, Math.exp(2), Math.exp(2));
        assertOp(Value::log, Math.log(2), 0.5);                     // 1/x
        assertOp(Value::tanh, Math.tanh(2), 1 - Math.tanh(2) * Math.tanh(2));
        double s = 1 / (1 + Math.exp(-2));
        assertOp(Value::sigmoid, s, s * (1 - s));
        assertOp(Value::relu, 2, 1);
        assertOp(x -> x.neg().relu(), 0, 0);
        assertOp(x -> x.add(1).mul(3).sub(4).div(2), 2.5, 1.5);     // (3(x+1) - 4)/2, slope 3/2
    }

    private static void assertOp(java.util.function.UnaryOperator<Value> op, double value, double grad) {
        Value x = Value.of(2);
        Value out = op.apply(x);
        out.backward();
        assertThat(out.data()).isCloseTo(value, within(TOL));
        assertThat(x.grad()).isCloseTo(grad, within(TOL));
    }

    /**
     * As in PyTorch, a leaf's gradient accumulates over backward calls until zeroGrad, while an intermediate value
     * shows the gradient of the latest pass.
     */
    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Value x = Value.of(3);
        Value y = x.mul(x);       // dy/dx = 6
        y.backward();
        assertThat(x.grad()).isEqualTo(6);
        y.backward();
        assertThat(x.grad()).isEqualTo(12);
        assertThat(y.grad()).isEqualTo(1);   // intermediate: this pass only
        Value z = x.mul(4);       // a second graph sharing the leaf: dz/dx = 4
        z.backward();
        assertThat(x.grad()).isEqualTo(16);
        x.zeroGrad();
        y.backward();
        assertThat(x.grad()).isEqualTo(6);
    }

    @Test
    void backwardOfALeafGivesOne() {
        Value x = Value.of(5);
        x.backward();
        assertThat(x.grad()).isEqualTo(1);
    }

    @Test
    void topologicalOrderPlacesEveryValueAfterItsOperands() {
        Value a = Value.of(1, "a");
        Value b = Value.of(2, "b");
        Value c = a.mul(b).label("c");
        Value d = c.add(a).label("d");
        assertThat(d.topologicalOrder()).extracting(Value::label).containsExactly("a", "b", "c", "d");
    }

    @Test
    void everyWalkReachesEveryValueOnceEvenAfterAnotherWalkMarkedThem() {
        // the walk marks values with its own number: a second walk (and a walk from an inner value, and one from
        // a larger graph sharing it) must see none of them as already visited
        Value a = Value.of(1, "a");
        Value b = a.mul(a).label("b");          // a used twice: listed once
        Value c = b.add(a).label("c");
        assertThat(c.topologicalOrder()).extracting(Value::label).containsExactly("a", "b", "c");
        assertThat(b.topologicalOrder()).extracting(Value::label).containsExactly("a", "b");
        assertThat(c.topologicalOrder()).extracting(Value::label).containsExactly("a", "b", "c");
        Value d = c.mul(b).label("d");
        assertThat(d.topologicalOrder()).extracting(Value::label).containsExactly("a", "b", "c", "d");
        d.backward();   // d = (a^2 + a) a^2 = a^4 + a^3, dd/da = 4a^3 + 3a^2 = 7 at a = 1
        assertThat(a.grad()).isEqualTo(7.0);
        d.backward();   // leaves accumulate: a second pass over the same marks adds another 7
        assertThat(a.grad()).isEqualTo(14.0);
    }

    @Test
    void errorsNameTheValue() {
        assertThatThrownBy(() -> Value.of(-1).log())
                .hasMessage("log of -1.0: ln is defined for values > 0 only");
        assertThatThrownBy(() -> Value.of(1).div(Value.of(0, "b")))
                .hasMessage("division by a Value equal to 0 ('b'); the quotient and its gradient -this/other^2 are"
                        + " undefined");
        assertThatThrownBy(() -> Value.of(-8).pow(1.0 / 3))
                .hasMessageStartingWith("pow(0.3333333333333333) of a negative value -8.0 is not real");
        assertThatThrownBy(() -> Value.of(1).add(2).setData(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("setData on a value computed by '+': only leaves");
        assertThatThrownBy(() -> Value.of(1).setData(Double.NaN)).hasMessageStartingWith("setData(NaN): a value must be finite");
        assertThatThrownBy(() -> Value.of(Double.NaN))
                .hasMessage("Value.of(NaN): a Value must be a number; check where the NaN came from");
        assertThatThrownBy(() -> Value.of(Double.POSITIVE_INFINITY).mul(0))
                .hasMessage("'*' of Infinity and 0.0 is NaN; check the operands of the operation");
        assertThatThrownBy(() -> Value.of(0).pow(-1))
                .hasMessage("pow(-1.0) of 0: the derivative p x^(p-1) is infinite or undefined there; use an exponent"
                        + " >= 1 or a nonzero base");
    }

    @Test
    void zeroGradOfAListClearsEachValue() {
        Value a = Value.of(2);
        Value b = Value.of(3);
        Value c = a.mul(b);
        c.backward();
        assertThat(a.grad()).isEqualTo(3);
        assertThat(b.grad()).isEqualTo(2);
        Value.zeroGrad(java.util.List.of(a, b));
        assertThat(a.grad()).isZero();
        assertThat(b.grad()).isZero();
    }

    @Test
    void dotExportShowsValuesGradientsAndOperations() {
        Value x = Value.of(-2, "x");
        Value y = Value.of(5, "y");
        Value z = Value.of(-4, "z");
        Value q = x.add(y).label("q");
        Value f = q.mul(z).label("f");
        f.backward();
        String dot = DotExporter.toDot(f);
        assertThat(dot).startsWith("digraph value {")
                .contains("v0 [shape=record, label=\"{ x | data -2.0000 | grad -4.0000 }\"];")
                .contains("[shape=record, label=\"{ f | data -12.0000 | grad 1.0000 }\"];")
                .contains("label=\"+\"").contains("label=\"*\"")
                .endsWith("}\n");
        // 5 values, 2 of them computed: 5 boxes, 2 op ellipses, 2 op->value edges, 4 operand edges
        assertThat(dot.lines().filter(l -> l.contains("shape=record"))).hasSize(5);
        assertThat(dot.lines().filter(l -> l.contains("->"))).hasSize(6);
    }
}
