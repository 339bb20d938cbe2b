package gradlab.scalar.check;

import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.FanOut;
import gradlab.scalar.value.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An expression of {@link Value}s seen as a function of its scalar inputs, so that gradcheck can check the
 * gradients {@code backward()} computes:
 * <pre>
 *   GradCheck.assertCorrect(new ValueFunction(v -&gt; v[0].mul(v[0]).add(v[0])), Input.scalar("x", 1.5));
 * </pre>
 * Every call builds the expression on fresh leaves, so nothing accumulates between calls; backward seeds
 * d out / d out = 1, so the gradient for upstream gradient g is g * leaf.grad().
 *
 * <p>It also tells gradcheck where an input is used more than once ({@link FanOut}): each use is an edge from the
 * input to an operation that reads it, and the graph can be recomputed, gate by gate, with one edge seeing another
 * value. If a backward then returns only some uses' share of the gradient, the report says so.
 */
public final class ValueFunction implements Differentiable, FanOut {
    private final Function<Value[], Value> expression;

    public ValueFunction(Function<Value[], Value> expression) {
        if (expression == null) {
            throw new IllegalArgumentException("new ValueFunction(expression): expression is null; pass a lambda from"
                    + " the input Values to the output, e.g. v -> v[0].mul(v[1])");
        }
        this.expression = expression;
    }

    @Override
    public double[] forward(double[][] inputs) {
        return new double[] {build(leaves(inputs)).data()};
    }

    @Override
    public double[][] backward(double[][] inputs, double[] gradOutput) {
        Value[] leaves = leaves(inputs);
        build(leaves).backward();
        double[][] grads = new double[leaves.length][];
        for (int i = 0; i < leaves.length; i++) {
            grads[i] = new double[] {gradOutput[0] * leaves[i].grad()};
        }
        return grads;
    }

    @Override
    public int uses(double[][] inputs, int input, int element) {
        Value[] leaves = leaves(inputs);
        return usesOf(build(leaves), leaves[input]).size();
    }

    @Override
    public double[] forwardWithOneUse(double[][] inputs, int input, int element, int use, double value) {
        Value[] leaves = leaves(inputs);
        Value out = build(leaves);
        int[] edge = usesOf(out, leaves[input]).get(use);   // {index of the reading node in the order, operand slot}
        List<Value> order = out.topologicalOrder();
        Map<Value, Double> replayed = new IdentityHashMap<>();
        for (int n = 0; n < order.size(); n++) {
            Value v = order.get(n);
            if (v.gate() == null) {
                replayed.put(v, v.data());
                continue;
            }
            double[] args = new double[v.children().size()];
            for (int s = 0; s < args.length; s++) {
                args[s] = n == edge[0] && s == edge[1] ? value : replayed.get(v.children().get(s));
            }
            replayed.put(v, v.gate().forward(args));
        }
        return new double[] {replayed.get(out)};
    }

    /** Every edge from {@code leaf} into an operation, as {index in out's topological order, operand slot}. */
    private static List<int[]> usesOf(Value out, Value leaf) {
        List<Value> order = out.topologicalOrder();
        List<int[]> edges = new ArrayList<>();
        for (int n = 0; n < order.size(); n++) {
            List<Value> children = order.get(n).children();
            for (int s = 0; s < children.size(); s++) {
                if (children.get(s) == leaf) {
                    edges.add(new int[] {n, s});
                }
            }
        }
        return edges;
    }

    private Value build(Value[] leaves) {
        Value out = expression.apply(leaves);
        if (out == null) {
            throw new IllegalArgumentException("the expression returned null; return the output Value");
        }
        return out;
    }

    private static Value[] leaves(double[][] inputs) {
        Value[] v = new Value[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != 1) {
                throw new IllegalArgumentException("a Value expression takes scalars, but input " + i + " has "
                        + inputs[i].length + " elements; check it at scalar inputs (Input.scalar)");
            }
            v[i] = Value.of(inputs[i][0]);
        }
        return v;
    }
}
