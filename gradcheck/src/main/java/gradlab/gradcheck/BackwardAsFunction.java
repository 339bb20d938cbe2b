package gradlab.gradcheck;

/**
 * The backward pass of a {@link TwiceDifferentiable} seen as a function in its own right, so that gradgradcheck is
 * gradcheck of this function:
 * <pre>
 *   b(x_0, ..., x_{n-1}, g) = concat(backward(x, g)_0, ..., backward(x, g)_{n-1})
 * </pre>
 * Its vector-Jacobian product for a cotangent gg (split into one part per input gradient) is doubleBackward.
 */
final class BackwardAsFunction implements Differentiable {
    private final TwiceDifferentiable fn;
    private final int[] sizes;

    /** {@code sizes[i]} is the number of elements of input i. */
    BackwardAsFunction(TwiceDifferentiable fn, int[] sizes) {
        this.fn = fn;
        this.sizes = sizes.clone();
    }

    @Override
    public int arity() {
        return sizes.length + 1;
    }

    @Override
    public double[] forward(double[][] inputsAndGradOutput) {
        double[][] grads = fn.backward(inputsOnly(inputsAndGradOutput), inputsAndGradOutput[sizes.length]);
        if (grads == null || grads.length != sizes.length) {
            throw new IllegalArgumentException("backward returned " + (grads == null ? "null" : grads.length
                    + " gradient(s)") + " for " + sizes.length + " input(s); return one gradient per input, in the order of"
                    + " the inputs");
        }
        int total = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (grads[i] == null || grads[i].length != sizes[i]) {
                throw new IllegalArgumentException("backward returned a gradient of " + (grads[i] == null ? "null"
                        : grads[i].length + " element(s)") + " for input " + i + " of " + sizes[i] + " element(s); a gradient has exactly its"
                        + " input's shape");
            }
            total += sizes[i];
        }
        double[] flat = new double[total];
        int offset = 0;
        for (double[] grad : grads) {
            System.arraycopy(grad, 0, flat, offset, grad.length);
            offset += grad.length;
        }
        return flat;
    }

    @Override
    public double[][] backward(double[][] inputsAndGradOutput, double[] gradGradFlat) {
        double[][] gradGradInputs = new double[sizes.length][];
        int offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            gradGradInputs[i] = java.util.Arrays.copyOfRange(gradGradFlat, offset, offset + sizes[i]);
            offset += sizes[i];
        }
        double[][] result = fn.doubleBackward(inputsOnly(inputsAndGradOutput), inputsAndGradOutput[sizes.length],
                gradGradInputs);
        if (result == null || result.length != sizes.length + 1) {
            throw new IllegalArgumentException("doubleBackward returned " + (result == null ? "null" : result.length
                    + " array(s)") + " but must return " + (sizes.length + 1) + ": the gradient of every input, then"
                    + " the gradient of gradOutput");
        }
        return result;
    }

    private double[][] inputsOnly(double[][] inputsAndGradOutput) {
        return java.util.Arrays.copyOf(inputsAndGradOutput, sizes.length);
    }
}
