package gradlab.scalar.value;

import gradlab.scalar.gate.AddGate;
import gradlab.scalar.gate.BinaryGate;
import gradlab.scalar.gate.ExpGate;
import gradlab.scalar.gate.Gate;
import gradlab.scalar.gate.LogGate;
import gradlab.scalar.gate.MultiplyGate;
import gradlab.scalar.gate.PowGate;
import gradlab.scalar.gate.ReluGate;
import gradlab.scalar.gate.SigmoidGate;
import gradlab.scalar.gate.TanhGate;
import gradlab.scalar.gate.UnaryGate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scalar that remembers how it was computed, so that {@link #backward()} can compute the gradient of it with
 * respect to every value it depends on (reverse-mode automatic differentiation, as in micrograd).
 *
 * <pre>
 *   Value a = Value.of(2), b = Value.of(-3);
 *   Value c = a.mul(b).add(a.pow(2));      // c = a b + a^2 = -2
 *   c.backward();
 *   a.grad();                              // dc/da = b + 2a = 1
 *   b.grad();                              // dc/db = a = 2
 * </pre>
 *
 * <p>Every operation is a gate ({@link #apply}): {@code a.mul(b)} runs a new {@code MultiplyGate}'s forward, and the
 * new Value keeps the gate and its operands ({@link #children()}). In the backward pass the gate turns this value's
 * gradient into its operands' shares, which are <em>added</em> to their gradients: for out = a * b,
 * {@code a.grad += b.data * out.grad}. The {@code +=} is what sums the gradients of a value used several times
 * (fan-out). Part 2's tensor {@code Function} is the same idea: a forward that saves what backward needs, applied
 * once per operation and recorded as a node of the graph.
 *
 * <p>As in PyTorch, the gradients of leaves (values made by {@link #of}, e.g. weights and inputs) accumulate across
 * {@code backward} calls until {@link #zeroGrad()}; an intermediate value shows the gradient of the latest pass.
 */
public final class Value {
    private double data;
    private double grad;
    private final List<Value> children;
    private String label = "";
    /** The gate that computed this value (null for a leaf), and its forward count right after doing so. */
    private final Gate gate;
    private final long gateForwards;
    /** The number of the last {@link #topologicalOrder} walk that reached this value (its "visited" mark). */
    private long visitedInWalk;
    /** Counts the walks, so each has its own mark and no mark needs clearing afterwards. */
    private static final AtomicLong WALKS = new AtomicLong();

    private Value(double data, Gate gate, Value... children) {
        if (Double.isNaN(data)) {
            throw new IllegalArgumentException(gate == null
                    ? "Value.of(NaN): a Value must be a number; check where the NaN came from"
                    : "'" + gate.symbol() + "' of " + dataOf(children) + " is NaN; check the operands of the"
                    + " operation");
        }
        this.data = data;
        this.children = List.of(children);
        this.gate = gate;
        this.gateForwards = gate == null ? 0 : gate.forwardCount();
    }

    /** A leaf value: an input or a parameter. */
    public static Value of(double data) {
        return new Value(data, null);
    }

    /** A leaf value with a label (shown in the DOT export). */
    public static Value of(double data, String label) {
        return new Value(data, null).label(label);
    }

    /**
     * The value of {@code gate} applied to {@code operands}: runs the gate's forward on their data now, and its
     * backward when {@link #backward()} reaches the new value. Every Value operation is one call of this
     * ({@code a.tanh()} is {@code Value.apply(new TanhGate(), a)}), and so is a gate you write yourself:
     * <pre>
     *   Value y = Value.apply(new SoftplusGate(), x);
     * </pre>
     * A gate keeps the inputs of one call, so each operation needs a new gate object: a gate that has already run
     * forward is refused.
     */
    public static Value apply(Gate gate, Value... operands) {
        if (gate == null) {
            throw new IllegalArgumentException("Value.apply(gate, operands): gate is null; pass a new gate, e.g."
                    + " Value.apply(new TanhGate(), x)");
        }
        if (operands == null) {
            throw new IllegalArgumentException("Value.apply(" + nameOf(gate) + ", operands): operands is null; pass "
                    + gate.arity() + " Value(s)");
        }
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] == null) {
                throw new IllegalArgumentException("Value.apply(" + nameOf(gate) + ", operands): operand " + i
                        + " is null; every operand must be a Value, e.g. Value.of(2)");
            }
        }
        if (operands.length != gate.arity()) {
            throw new IllegalArgumentException(nameOf(gate) + " takes " + gate.arity() + " operand(s) but "
                    + operands.length + " were given");
        }
        if (gate.forwardCount() > 0) {
            String name = nameOf(gate);
            throw new IllegalArgumentException("this " + name + " has already run forward " + gate.forwardCount()
                    + " time(s); a gate keeps the inputs of one call for its backward, so every operation needs a"
                    + " new gate object: Value.apply(new " + name + "(), ...)");
        }
        return new Value(forward(gate, operands), gate, operands);
    }

    public double data() {
        return data;
    }

    /**
     * Changes a leaf's value, as a gradient-descent step does ({@code p.setData(p.data() - lr * p.grad())}). Values
     * already computed from it keep their old data: run the forward pass again.
     */
    public void setData(double data) {
        if (!children.isEmpty()) {
            throw new IllegalStateException("setData on a value computed by '" + op() + "': only leaves (inputs and"
                    + " parameters made by Value.of) can be set; an intermediate value follows from its operands");
        }
        if (!Double.isFinite(data)) {
            throw new IllegalArgumentException("setData(" + data + "): a value must be finite; a diverging update"
                    + " usually means the learning rate is too large");
        }
        this.data = data;
    }

    /** dRoot/dThis after {@link #backward()} (accumulated over calls, for leaves). */
    public double grad() {
        return grad;
    }

    /** The operation that made this value ("+", "*", "tanh", ...), or "" for a leaf. */
    public String op() {
        return gate == null ? "" : gate.symbol();
    }

    /** The operands this value was computed from (empty for a leaf). */
    public List<Value> children() {
        return children;
    }

    /** The gate that computed this value from its {@link #children()}, or null for a leaf. */
    public Gate gate() {
        return gate;
    }

    public String label() {
        return label;
    }

    /** Sets the label shown in the DOT export; returns this. */
    public Value label(String label) {
        this.label = label == null ? "" : label;
        return this;
    }

    /**
     * Sets this value's gradient to 0 (as PyTorch's {@code zero_grad} does for parameters before a new step). It
     * clears this one node only; {@link #zeroGrad(Collection)} clears a list, e.g. {@code model.parameters()}.
     */
    public void zeroGrad() {
        grad = 0;
    }

    /** Sets the gradient of every value in {@code values} to 0. */
    public static void zeroGrad(Collection<Value> values) {
        if (values == null) {
            throw new IllegalArgumentException("Value.zeroGrad(values): values is null; pass the parameters, e.g."
                    + " Value.zeroGrad(mlp.parameters())");
        }
        for (Value v : values) {                 // checked first: a null halfway must not leave half the list cleared
            if (v == null) {
                throw new IllegalArgumentException("Value.zeroGrad(values): values holds null; pass a list of"
                        + " Values, e.g. mlp.parameters()");
            }
        }
        for (Value v : values) {
            v.zeroGrad();
        }
    }

    // ---- operations: each returns a new Value and defines how its gradient flows back to its operands ---------

    /** this + other.   d/dthis = 1,  d/dother = 1 ({@link AddGate}). */
    public Value add(Value other) {
        return apply(new AddGate(), this, operand("add", other));
    }

    public Value add(double other) {
        return add(of(other));
    }

    /** this * other.   d/dthis = other,  d/dother = this ({@link MultiplyGate}). */
    public Value mul(Value other) {
        return apply(new MultiplyGate(), this, operand("mul", other));
    }

    public Value mul(double other) {
        return mul(of(other));
    }

    /**
     * this^p for a constant p.   d/dthis = p this^(p-1) ({@link PowGate}). A negative base needs an integer p, and
     * a base of 0 needs p >= 1.
     */
    public Value pow(double p) {
        if (data < 0 && p != Math.rint(p)) {
            throw new IllegalArgumentException("pow(" + p + ") of a negative value " + data + " is not real; use an"
                    + " integer exponent or a positive base");
        }
        if (data == 0 && p < 1) {
            throw new IllegalArgumentException("pow(" + p + ") of 0: the derivative p x^(p-1) is infinite or undefined"
                    + " there; use an exponent >= 1 or a nonzero base");
        }
        return apply(new PowGate(p), this);
    }

    /** -this = this * (-1). */
    public Value neg() {
        return mul(-1);
    }

    /** this - other = this + (-other). */
    public Value sub(Value other) {
        return add(operand("sub", other).neg());
    }

    public Value sub(double other) {
        return add(-other);
    }

    /** this / other = this * other^-1. */
    public Value div(Value other) {
        operand("div", other);
        if (other.data == 0) {
            throw new IllegalArgumentException("division by a Value equal to 0" + (other.label.isEmpty() ? ""
                    : " ('" + other.label + "')") + "; the quotient and its gradient -this/other^2 are undefined");
        }
        return mul(other.pow(-1));
    }

    public Value div(double other) {
        return div(of(other));
    }

    /** exp(this).   d/dthis = exp(this) ({@link ExpGate}). */
    public Value exp() {
        return apply(new ExpGate(), this);
    }

    /** ln(this) for this > 0.   d/dthis = 1/this ({@link LogGate}). */
    public Value log() {
        if (!(data > 0)) {
            throw new IllegalArgumentException("log of " + data + ": ln is defined for values > 0 only");
        }
        return apply(new LogGate(), this);
    }

    /** tanh(this).   d/dthis = 1 - tanh^2 ({@link TanhGate}). */
    public Value tanh() {
        return apply(new TanhGate(), this);
    }

    /** s = 1 / (1 + exp(-this)).   d/dthis = s (1 - s) ({@link SigmoidGate}). */
    public Value sigmoid() {
        return apply(new SigmoidGate(), this);
    }

    /** max(0, this).   d/dthis = 1 if this > 0 else 0 (0 at the kink, as in PyTorch; {@link ReluGate}). */
    public Value relu() {
        return apply(new ReluGate(), this);
    }

    private static String nameOf(Gate gate) {
        return gate.getClass().getSimpleName();
    }

    /** gate.forward on the operands' data (without an array for the usual one- and two-input gates). */
    private static double forward(Gate gate, Value[] operands) {
        if (gate instanceof UnaryGate unary) {
            return unary.forward(operands[0].data);
        }
        if (gate instanceof BinaryGate binary) {
            return binary.forward(operands[0].data, operands[1].data);
        }
        double[] in = new double[operands.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = operands[i].data;
        }
        return gate.forward(in);
    }

    private static Value operand(String method, Value other) {
        if (other == null) {
            throw new IllegalArgumentException("Value." + method + "(other): other is null; pass a Value, e.g. "
                    + method + "(Value.of(2)), or a number, e.g. " + method + "(2)");
        }
        return other;
    }

    // ---- backpropagation -------------------------------------------------------------------------------------

    /**
     * Computes d this / d v for every value v this depends on: seeds this value's gradient with 1 and, in reverse
     * topological order (a value after everything computed from it), has each value's gate send its gradient on to
     * its operands.
     * Leaves accumulate; intermediate values are reset first, so they show this pass's gradient. If a gate refuses
     * (a NaN gradient reached it, or it ran forward again elsewhere), every gradient is put back as it was before the
     * pass, so a refused backward adds nothing to the leaves.
     */
    public void backward() {
        List<Value> order = topologicalOrder();
        double[] before = new double[order.size()];
        for (int n = 0; n < before.length; n++) {
            before[n] = order.get(n).grad;
        }
        try {
            for (Value v : order) {
                if (!v.children.isEmpty()) {
                    v.grad = 0;
                }
            }
            this.grad = children.isEmpty() ? grad + 1 : 1;
            for (int n = order.size() - 1; n >= 0; n--) {
                order.get(n).sendGradientToChildren();
            }
        } catch (RuntimeException e) {
            for (int n = 0; n < before.length; n++) {
                order.get(n).grad = before[n];
            }
            throw e;
        }
    }

    /** The chain rule at one node: the gate turns this value's gradient into its operands' shares, which add up. */
    private void sendGradientToChildren() {
        if (gate == null) {
            return;
        }
        if (gate.forwardCount() >= 0 && gate.forwardCount() != gateForwards) {
            throw new IllegalStateException("the " + gate.getClass().getSimpleName() + " that computed this '" + op()
                    + "' has run forward again since (it is used by another operation or called by hand), so it now"
                    + " holds other inputs and would return their gradients; give every operation its own new gate");
        }
        double[] local = gate.backward(grad);
        for (int i = 0; i < local.length; i++) {
            children.get(i).grad += local[i];   // += : a value used twice sums what both uses send back
        }
    }

    /**
     * Every value this one depends on, itself last, each after its children (a post-order depth-first walk).
     * The walk keeps its own stack instead of recursing, so a chain of a million operations does not overflow the
     * Java call stack. A value is marked visited by writing the walk's number into it ({@link #visitedInWalk}), the
     * textbook's "colour the node", rather than by adding it to a set: a set of a million values is a large table that
     * grows and rehashes while the walk runs. (So two threads must not walk graphs that share values at the same time;
     * a Value is not thread-safe anyway: backward writes its grad.)
     */
    public List<Value> topologicalOrder() {
        long walk = WALKS.incrementAndGet();
        List<Value> order = new ArrayList<>();
        Deque<Value> stack = new ArrayDeque<>();
        Deque<Integer> nextChild = new ArrayDeque<>();
        stack.push(this);
        nextChild.push(0);
        this.visitedInWalk = walk;
        while (!stack.isEmpty()) {
            Value v = stack.peek();
            int i = nextChild.pop();
            if (i < v.children.size()) {
                nextChild.push(i + 1);
                Value child = v.children.get(i);
                if (child.visitedInWalk != walk) {
                    child.visitedInWalk = walk;
                    stack.push(child);
                    nextChild.push(0);
                }
            } else {
                stack.pop();
                order.add(v);   // all children are placed: v can follow them
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return "Value(data=" + data + ", grad=" + grad + (label.isEmpty() ? "" : ", label=" + label) + ")";
    }

    private static String dataOf(Value[] values) {
        StringBuilder s = new StringBuilder();
        for (Value v : values) {
            s.append(s.length() == 0 ? "" : " and ").append(v.data);
        }
        return s.toString();
    }

}
