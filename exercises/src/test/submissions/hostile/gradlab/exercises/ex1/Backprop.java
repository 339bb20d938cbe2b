package gradlab.exercises.ex1;

import gradlab.scalar.value.Value;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Crafted submission: topologicalOrder recurses forever (StackOverflowError); gradients relies on it. */
public final class Backprop {
    private Backprop() {
    }

    public static List<Value> topologicalOrder(Value root) {
        return topologicalOrder(root.children().isEmpty() ? root : root.children().get(0));
    }

    public static Map<Value, Double> gradients(Value root) {
        Map<Value, Double> grad = new IdentityHashMap<>();
        for (Value v : topologicalOrder(root)) {
            grad.put(v, 0.0);
        }
        return grad;
    }
}
