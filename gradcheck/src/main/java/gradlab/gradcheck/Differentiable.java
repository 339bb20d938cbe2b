package gradlab.gradcheck;

/**
 * A function of several inputs, each a flat array of doubles, together with its analytic gradient.
 *
 * <p>This is what the gradient checker checks. For inputs x<sub>0</sub> ... x<sub>n-1</sub> and an output y = f(x),
 * {@link #backward} returns the vector-Jacobian product: for an upstream gradient g (one entry per output element),
 * the gradient of every input,
 * <pre>
 *   grad_i[j] = sum_k g[k] * d y[k] / d x_i[j]
 * </pre>
 * which is exactly what reverse-mode autodiff computes. The checker compares it with central differences
 * (f(x + h) - f(x - h)) / 2h.
 *
 * <p>Both methods receive the inputs, so a stateful op (a gate that caches its inputs in {@code forward}) is adapted
 * by calling its forward again inside {@code backward}. Neither method may change the arrays it is given.
 */
public interface Differentiable {

    /** Computes y = f(inputs) as a flat array (a scalar output is an array of length 1). */
    double[] forward(double[][] inputs);

    /**
     * Computes the analytic gradient of every input for the upstream gradient {@code gradOutput}
     * (same length as the output): one array per input, each of that input's length.
     */
    double[][] backward(double[][] inputs, double[] gradOutput);

    /**
     * How many inputs this function takes, or -1 if any number (the default). When it is set, gradcheck reports a
     * call with the wrong number of inputs as an error instead of letting the function fail on it.
     */
    default int arity() {
        return -1;
    }

    /** A differentiable function from two lambdas: handy in tests. */
    static Differentiable of(Forward forward, Backward backward) {
        return new Differentiable() {
            @Override
            public double[] forward(double[][] inputs) {
                return forward.apply(inputs);
            }

            @Override
            public double[][] backward(double[][] inputs, double[] gradOutput) {
                return backward.apply(inputs, gradOutput);
            }
        };
    }

    /** The forward half of {@link #of}. */
    @FunctionalInterface
    interface Forward {
        double[] apply(double[][] inputs);
    }

    /** The backward half of {@link #of}. */
    @FunctionalInterface
    interface Backward {
        double[][] apply(double[][] inputs, double[] gradOutput);
    }
}
