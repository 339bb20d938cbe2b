package gradlab.exercises.ex1;

import gradlab.exercises.support.LocalDerivatives;
import gradlab.scalar.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exercises 1.5 and 1.6: reverse-mode autodiff over part 1's {@link Value} graphs, written by you.
 *
 * <p>{@link Value#backward()} does two things: it orders the graph so that every value comes after the values it
 * was computed from (a topological order), then walks that order backwards, handing each value's gradient to its
 * operands. Here you write both steps yourself; the tests compare your gradients with {@code Value.backward()}.
 *
 * <p><b>Task.</b> Implement {@link #topologicalOrder} (exercise 1.5), then {@link #gradients} (exercise 1.6) on top
 * of it. Each method's Javadoc gives its math and a hint.
 */
public final class Backprop {
    private Backprop() {
    }

    /**
     * Exercise 1.5: every value {@code root} depends on (itself included), each listed once and after all of its
     * {@link Value#children() children}; {@code root} is last.
     *
     * <p><b>Math.</b> A post-order depth-first walk: visit a value's children first, then append the value. A value
     * reached twice (fan-out, e.g. x in x * x + x) is listed once: keep a set of visited values, compared by
     * identity ({@code Collections.newSetFromMap(new IdentityHashMap<>())}), since two different values may hold
     * equal data.
     *
     * <p><b>Hint.</b> A recursive walk is the shortest to write, but a chain of 100,000 operations overflows the Java
     * call stack; a loop with your own {@code Deque} as the stack does not (one test checks that).
     */
    public static List<Value> topologicalOrder(Value root) {
        throw new UnsupportedOperationException("TODO ex1.5: Backprop.topologicalOrder(root)");
    }

    /**
     * Exercise 1.6: d root / d v for every value v in {@code topologicalOrder(root)}, as a map keyed by identity
     * (an {@link IdentityHashMap}); values root does not depend on are absent, values it depends on with gradient 0
     * map to 0.0.
     *
     * <p><b>Math.</b> Seed d root/d root = 1, then visit the values in <em>reverse</em> topological order; a value's
     * gradient is final when it is visited, because everything computed from it came later in the order. For each
     * operand c_i of v (its i-th child):
     * <pre>
     *   grad[c_i] += LocalDerivatives.of(v)[i] * grad[v]        (chain rule; note the +=)
     * </pre>
     * {@link LocalDerivatives#of(Value)} gives d v / d c_i for every child (for v = a * b: {b, a}).
     *
     * <p><b>Hint.</b> The classic bug is {@code =} instead of {@code +=}: a value used twice (x in x * x, or a weight
     * shared by two neurons) receives gradient along each use, and the contributions must be summed. With
     * {@code put} the last use overwrites the others; use {@code Map.merge(child, contribution, Double::sum)}. Note
     * also that x * x lists x twice among its children.
     */
    public static Map<Value, Double> gradients(Value root) {
        throw new UnsupportedOperationException("TODO ex1.6: Backprop.gradients(root)");
    }
}
