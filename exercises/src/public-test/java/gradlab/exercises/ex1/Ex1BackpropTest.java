package gradlab.exercises.ex1;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.exercises.support.RandomGraphs;
import gradlab.scalar.value.Value;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Public tests of exercises 1.5 and 1.6: your topological order and backprop against part 1's Value.backward. */
@Tag("ex1")
class Ex1BackpropTest {

    @ParameterizedTest(name = "ex1.5 topologicalOrder of a random graph with fan-out (seed {0})")
    @ValueSource(longs = {51, 52, 53})
    @Points(2)
    @DisplayName("ex1.5 topologicalOrder lists each value once, after its children, root last")
    void order(long seed) {
        RandomGraphs.Graph g = RandomGraphs.expression(seed, 3, 25);
        checkOrder("ex1.5 (seed " + seed + ")", g.root(), Backprop.topologicalOrder(g.root()));
    }

    @Test
    @Points(1)
    @DisplayName("ex1.5 topologicalOrder of a chain of 100,000 additions (no stack overflow)")
    void deepChain() {
        Value x = Value.of(1);
        Value v = x;
        for (int i = 0; i < 100_000; i++) {
            v = v.add(1);
        }
        List<Value> order = Backprop.topologicalOrder(v);
        Expect.that("ex1.5 chain of 100,000", order != null && order.size() == 200_001,
                "got " + (order == null ? "null" : order.size() + " values") + ", expected 200001 (x, 100000 constants and 100000 sums), root last");
        checkOrder("ex1.5 chain of 100,000", v, order);
    }

    @Test
    @Points(1)
    @DisplayName("ex1.6 gradients with fan-out: f = x * x + x at x = 3 gives df/dx = 2x + 1 = 7 (+=, not =)")
    void fanOut() {
        Value x = Value.of(3);
        Value f = x.mul(x).add(x);
        Map<Value, Double> grads = Backprop.gradients(f);
        Expect.that("ex1.6 fan-out", grads != null && grads.get(x) != null, "no gradient for x");
        Expect.close("ex1.6 df/dx for f = x * x + x at x = 3 (a value used three times: sum the contributions)", 7,
                grads.get(x), 1e-12);
    }

    @ParameterizedTest(name = "ex1.6 gradients of a random graph with fan-out vs Value.backward (seed {0})")
    @ValueSource(longs = {61, 62, 63, 64})
    @Points(3)
    @DisplayName("ex1.6 gradients match Value.backward on random graphs")
    void randomGraphs(long seed) {
        RandomGraphs.Graph g = RandomGraphs.expression(seed, 4, 30);
        Map<Value, Double> mine = Backprop.gradients(g.root());
        g.root().backward();
        Expect.that("ex1.6 (seed " + seed + ")", mine != null, "gradients returned null");
        for (Value v : g.root().topologicalOrder()) {
            Double got = mine.get(v);
            Expect.that("ex1.6 (seed " + seed + ")", got != null, "no gradient for " + v);
            Expect.close("ex1.6 (seed " + seed + ") d root / d " + (v.label().isEmpty() ? "'" + v.op() + "' node"
                    : v.label()), v.grad(), got, 1e-9 * Math.max(1, Math.abs(v.grad())));
        }
    }

    static void checkOrder(String label, Value root, List<Value> order) {
        Expect.that(label, order != null && !order.isEmpty(), "topologicalOrder returned nothing");
        Expect.that(label, order.get(order.size() - 1) == root, "the root must be last");
        Map<Value, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Expect.that(label, position.put(order.get(i), i) == null,
                    "value " + order.get(i) + " is listed twice (at " + position.get(order.get(i)) + " and " + i + ")");
        }
        Set<Value> expected = Collections.newSetFromMap(new IdentityHashMap<>());
        expected.addAll(root.topologicalOrder());
        Expect.that(label, expected.size() == order.size() && expected.containsAll(order),
                "lists " + order.size() + " values, but the graph has " + expected.size());
        for (Value v : order) {
            for (Value c : v.children()) {
                Expect.that(label, position.get(c) < position.get(v),
                        "'" + v.op() + "' at position " + position.get(v) + " comes before its operand at "
                                + position.get(c));
            }
        }
    }
}
