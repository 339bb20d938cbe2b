package gradlab.scalar.value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

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
 * <p>Every operation creates a new Value that keeps its operands ({@link #children()}) and a small backward step
 * that adds the operands' share of the gradient: for out = a * b, {@code a.grad += b.data * out.grad}. The
 * {@code +=} is what sums the gradients of a value used several times (fan-out).
 *
 * <p>As in PyTorch, the gradients of leaves (values made by {@link #of}, e.g. weights and inputs) accumulate across
 * {@code backward} calls until {@link #zeroGrad()}; an intermediate value shows the gradient of the latest pass.
 */
public final class Value {
    private double data;
    private double grad;
    private final List<Value> children;
    private final String op;
    private String label = "";
    private Runnable backwardStep = () -> { };

    private Value(double data, String op, Value... children) {
        if (Double.isNaN(data)) {
            throw new IllegalArgumentException(op.isEmpty()
                    ? "Value.of(NaN): a Value must be a number; check where the NaN came from"
                    : "'" + op + "' of " + dataOf(children) + " is NaN; check the operands of the operation");
        }
        this.data = data;
        this.op = op;
        this.children = List.of(children);
    }

    /** A leaf value: an input or a parameter. */
    public static Value of(double data) {
        return new Value(data, "");
    }

    /** A leaf value with a label (shown in the DOT export). */
    public static Value of(double data, String label) {
        return new Value(data, "").label(label);
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
            throw new IllegalStateException("setData on a value computed by '" + op + "': only leaves (inputs and"
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
        return op;
    }

    /** The operands this value was computed from (empty for a leaf). */
    public List<Value> children() {
        return children;
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
        for (Value v : values) {
            v.zeroGrad();
        }
    }

    // ---- operations: each returns a new Value and defines how its gradient flows back to its operands ---------

    /** this + other.   d/dthis = 1,  d/dother = 1. */
    public Value add(Value other) {
        Value out = new Value(data + other.data, "+", this, other);
        out.backwardStep = () -> {
            this.grad += out.grad;
            other.grad += out.grad;
        };
        return out;
    }

    public Value add(double other) {
        return add(of(other));
    }

    /** this * other.   d/dthis = other,  d/dother = this. */
    public Value mul(Value other) {
        Value out = new Value(data * other.data, "*", this, other);
        out.backwardStep = () -> {
            this.grad += other.data * out.grad;
            other.grad += this.data * out.grad;
        };
        return out;
    }

    public Value mul(double other) {
        return mul(of(other));
    }

    /**
     * this^p for a constant p.   d/dthis = p this^(p-1). A negative base needs an integer p, and a base of 0 needs
     * p >= 1 (as {@code PowGate}).
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
        Value out = new Value(Math.pow(data, p), "^" + formatExponent(p), this);
        out.backwardStep = () -> this.grad += p * Math.pow(data, p - 1) * out.grad;
        return out;
    }

    /** -this = this * (-1). */
    public Value neg() {
        return mul(-1);
    }

    /** this - other = this + (-other). */
    public Value sub(Value other) {
        return add(other.neg());
    }

    public Value sub(double other) {
        return add(-other);
    }

    /** this / other = this * other^-1. */
    public Value div(Value other) {
        if (other.data == 0) {
            throw new IllegalArgumentException("division by a Value equal to 0" + (other.label.isEmpty() ? ""
                    : " ('" + other.label + "')") + "; the quotient and its gradient -this/other^2 are undefined");
        }
        return mul(other.pow(-1));
    }

    public Value div(double other) {
        return div(of(other));
    }

    /** exp(this).   d/dthis = exp(this). */
    public Value exp() {
        Value out = new Value(Math.exp(data), "exp", this);
        out.backwardStep = () -> this.grad += out.data * out.grad;
        return out;
    }

    /** ln(this) for this > 0.   d/dthis = 1/this. */
    public Value log() {
        if (!(data > 0)) {
            throw new IllegalArgumentException("log of " + data + ": ln is defined for values > 0 only");
        }
        Value out = new Value(Math.log(data), "log", this);
        out.backwardStep = () -> this.grad += out.grad / data;
        return out;
    }

    /** tanh(this).   d/dthis = 1 - tanh^2. */
    public Value tanh() {
        double t = Math.tanh(data);
        Value out = new Value(t, "tanh", this);
        out.backwardStep = () -> this.grad += (1 - t * t) * out.grad;
        return out;
    }

    /** s = 1 / (1 + exp(-this)).   d/dthis = s (1 - s). */
    public Value sigmoid() {
        double s = 1 / (1 + Math.exp(-data));
        Value out = new Value(s, "sigmoid", this);
        out.backwardStep = () -> this.grad += s * (1 - s) * out.grad;
        return out;
    }

    /** max(0, this).   d/dthis = 1 if this > 0 else 0 (0 at the kink, as in PyTorch). */
    public Value relu() {
        Value out = new Value(Math.max(0, data), "relu", this);
        out.backwardStep = () -> this.grad += (data > 0 ? 1 : 0) * out.grad;
        return out;
    }

    // ---- backpropagation -------------------------------------------------------------------------------------

    /**
     * Computes d this / d v for every value v this depends on: seeds this value's gradient with 1 and runs every
     * backward step in reverse topological order (a value after everything computed from it).
     * Leaves accumulate; intermediate values are reset first, so they show this pass's gradient.
     */
    public void backward() {
        List<Value> order = topologicalOrder();
        for (Value v : order) {
            if (!v.children.isEmpty()) {
                v.grad = 0;
            }
        }
        this.grad = children.isEmpty() ? grad + 1 : 1;
        for (int n = order.size() - 1; n >= 0; n--) {
            order.get(n).backwardStep.run();
        }
    }

    /**
     * Every value this one depends on, itself last, each after its children (a post-order depth-first walk).
     * The walk keeps its own stack instead of recursing, so a chain of a million operations does not overflow the
     * Java call stack.
     */
    public List<Value> topologicalOrder() {
        List<Value> order = new ArrayList<>();
        Set<Value> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> stack = new ArrayDeque<>();
        Deque<Integer> nextChild = new ArrayDeque<>();
        stack.push(this);
        nextChild.push(0);
        visited.add(this);
        while (!stack.isEmpty()) {
            Value v = stack.peek();
            int i = nextChild.pop();
            if (i < v.children.size()) {
                nextChild.push(i + 1);
                Value child = v.children.get(i);
                if (visited.add(child)) {
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

    private static String formatExponent(double p) {
        return p == Math.rint(p) && Math.abs(p) < 1e9 ? Long.toString((long) p) : Double.toString(p);
    }
}
