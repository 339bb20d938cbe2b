package gradlab.scalar.gate;

/**
 * A node of a circuit: it computes its output in {@link #forward} and, given the gradient dL/dz of the loss with
 * respect to that output, returns the gradients with respect to its inputs in {@link #backward}:
 * <pre>
 *   dL/dx_i = dz/dx_i * dL/dz        (chain rule: local gradient times upstream gradient)
 * </pre>
 * The local gradient dz/dx_i depends on the input values, so a gate keeps what backward needs during forward.
 */
public interface Gate {

    /** How many inputs the gate takes. */
    int arity();

    /** Computes the output from {@link #arity()} inputs and remembers what backward needs. */
    double forward(double... inputs);

    /** The gradient of every input, for upstream gradient {@code dz}; needs a forward call first. */
    double[] backward(double dz);
}
