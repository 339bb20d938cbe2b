package gradlab.scalar.gate;

import java.util.Locale;

/**
 * A node of a circuit: it computes its output in {@link #forward} and, given the gradient dL/dz of the loss with
 * respect to that output, returns the gradients with respect to its inputs in {@link #backward}:
 * <pre>
 *   dL/dx_i = dz/dx_i * dL/dz        (chain rule: local gradient times upstream gradient)
 * </pre>
 * The local gradient dz/dx_i depends on the input values, so a gate keeps what backward needs during forward.
 * That is why one gate object serves one computation: a second forward replaces what the first one kept. The
 * same shape reappears in part 2 as {@code Function}, whose forward saves tensors for its backward.
 *
 * <p>Write a gate by extending {@link UnaryGate} (z = f(x)) or {@link BinaryGate} (z = f(x, y)); part 1's README
 * ("Write your own gate") walks through one.
 */
public interface Gate {

    /** How many inputs the gate takes. */
    int arity();

    /** Computes the output from {@link #arity()} inputs and remembers what backward needs. */
    double forward(double... inputs);

    /** The gradient of every input, for upstream gradient {@code dz}; needs a forward call first. */
    double[] backward(double dz);

    /**
     * The operation's name in a drawn graph and in {@code Value.op()}: "+", "*", "exp"... By default the class
     * name without "Gate", in lower case ({@code TanhGate} is "tanh").
     */
    default String symbol() {
        String name = getClass().getSimpleName();
        if (name.endsWith("Gate") && name.length() > 4) {
            name = name.substring(0, name.length() - 4);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * How many times {@link #forward} has run on this gate, or -1 if the gate does not count. A graph or a
     * {@code Value} notes it after its own forward; if it has changed by backward time, someone else's forward has
     * replaced the inputs this gate kept, and backward would return that computation's gradients, so they refuse.
     * {@link UnaryGate} and {@link BinaryGate} count.
     */
    default long forwardCount() {
        return -1;
    }
}
