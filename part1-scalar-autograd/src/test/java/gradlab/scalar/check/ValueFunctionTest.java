package gradlab.scalar.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.FanOut;
import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckResult;
import gradlab.gradcheck.Input;
import gradlab.scalar.value.Value;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A Value expression as gradcheck sees it, including where an input is used more than once (fan-out). */
class ValueFunctionTest {
    /** f(x) = x * x + x: x is read twice by the product and once by the sum; df/dx = 2x + 1. */
    private static final Function<Value[], Value> SQUARE_PLUS_X = v -> v[0].mul(v[0]).add(v[0]);

    @Test
    void countsEveryUseOfAnInputAndMovesOneUseAtATime() {
        ValueFunction f = new ValueFunction(SQUARE_PLUS_X);
        double[][] x = {{1.5}};
        assertThat(f.forward(x)).containsExactly(3.75);
        assertThat(f.uses(x, 0, 0)).isEqualTo(3);
        // moving only one read of x by +0.1: the product's reads give 1.6 * 1.5 + 1.5 or 1.5 * 1.6 + 1.5 (= 3.9),
        // the sum's read gives 1.5 * 1.5 + 1.6 (= 3.85)
        double[] seen = new double[3];
        for (int use = 0; use < 3; use++) {
            seen[use] = f.forwardWithOneUse(x, 0, 0, use, 1.6)[0];
        }
        assertThat(seen).usingComparatorWithPrecision(1e-12).containsExactlyInAnyOrder(3.9, 3.9, 3.85);
        assertThat(f.backward(x, new double[] {2})[0][0]).isEqualTo(2 * (2 * 1.5 + 1));
    }

    @Test
    void aValueExpressionWithFanOutPassesGradcheck() {
        GradCheck.assertCorrect(new ValueFunction(SQUARE_PLUS_X), Input.scalar("x", 1.5));
    }

    /**
     * The classic bug of a student's own backward loop: each node's gate sends its gradient to the operands with
     * {@code =} instead of {@code +=}, so a value used twice keeps only the last share. gradcheck, told where x is
     * used (FanOut), names the bug.
     */
    @Test
    void aBackwardLoopThatOverwritesInsteadOfSummingGetsTheFanOutHint() {
        ValueFunction correct = new ValueFunction(SQUARE_PLUS_X);
        Differentiable overwriting = new OverwritingEngine(correct);
        GradCheckResult r = GradCheck.check(overwriting, Input.scalar("x", 1.5));
        assertThat(r.passed()).isFalse();
        assertThat(r.report()).as(r.report()).contains("x[] is used 3 times")
                .contains("a value used twice must sum its gradients: += not =");
    }

    /** ValueFunction's forward and fan-out, with a backward that writes grads with = (the bug). */
    private static final class OverwritingEngine implements Differentiable, FanOut {
        private final ValueFunction f;

        OverwritingEngine(ValueFunction f) {
            this.f = f;
        }

        @Override
        public double[] forward(double[][] inputs) {
            return f.forward(inputs);
        }

        @Override
        public double[][] backward(double[][] inputs, double[] g) {
            Value x = Value.of(inputs[0][0]);
            Value out = SQUARE_PLUS_X.apply(new Value[] {x});
            List<Value> order = out.topologicalOrder();
            java.util.Map<Value, Double> grad = new java.util.IdentityHashMap<>();
            grad.put(out, g[0]);
            for (int n = order.size() - 1; n >= 0; n--) {
                Value v = order.get(n);
                if (v.gate() == null) {
                    continue;
                }
                double[] local = v.gate().backward(grad.getOrDefault(v, 0.0));
                for (int i = 0; i < local.length; i++) {
                    grad.put(v.children().get(i), local[i]);   // the bug: = instead of +=
                }
            }
            return new double[][] {{grad.getOrDefault(x, 0.0)}};
        }

        @Override
        public int uses(double[][] inputs, int input, int element) {
            return f.uses(inputs, input, element);
        }

        @Override
        public double[] forwardWithOneUse(double[][] inputs, int input, int element, int use, double value) {
            return f.forwardWithOneUse(inputs, input, element, use, value);
        }
    }

    @Test
    void aGateFunctionChecksAGateAtScalarInputs() {
        GateFunction tanh = new GateFunction(new gradlab.scalar.gate.TanhGate());
        assertThat(tanh.arity()).isEqualTo(1);
        assertThat(tanh.backward(new double[][] {{0.5}}, new double[] {2})[0][0])
                .isCloseTo(2 * (1 - Math.tanh(0.5) * Math.tanh(0.5)), within(1e-15));
        GradCheck.assertCorrect(tanh, Input.scalar("x", 0.5));
    }
}
