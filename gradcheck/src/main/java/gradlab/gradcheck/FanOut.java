package gradlab.gradcheck;

/**
 * Optional for a {@link Differentiable} that can say where an input is used more than once (<b>fan-out</b>), so that
 * gradcheck can recognise the classic bug of a backward that <em>overwrites</em> a gradient instead of summing it.
 *
 * <p>When an input x is read by two operations, f(x) = h(u(x), v(x)), its gradient is the sum of what each use sends
 * back: df/dx = dh/du u'(x) + dh/dv v'(x). A backward that writes {@code x.grad = ...} instead of
 * {@code x.grad += ...} keeps only one of the two terms. gradcheck measures each use's term by central differences,
 * moving the input as seen by that one use only; if the analytic gradient equals the terms of some of the uses but
 * not all of them, the report says "a value used twice must sum its gradients: += not =".
 *
 * <p>Part 1's Value graphs implement it (each use is an edge from a value to an operation that reads it).
 */
public interface FanOut {

    /** How many times the computation reads element {@code element} of input {@code input} (1 if once, 0 if never). */
    int uses(double[][] inputs, int input, int element);

    /**
     * The output of the function when use number {@code use} (0-based) of {@code inputs[input][element]} sees
     * {@code value} and every other use sees the input's own value.
     */
    double[] forwardWithOneUse(double[][] inputs, int input, int element, int use, double value);
}
