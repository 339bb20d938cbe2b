package gradlab.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wraps the function under check so that every call is validated: the function gets its own copy of the inputs, its
 * results must be finite and of the right count and length, and it must leave its arguments alone.
 *
 * <p>Contract violations (wrong number or length of gradients, NaN or infinity) are thrown as
 * {@link IllegalArgumentException}s; changing an argument is recorded as a problem of the check.
 */
final class CheckedFunction {
    private final Differentiable fn;
    private final Input[] inputs;
    private final int outputSize;
    private final List<String> problems = new ArrayList<>();

    CheckedFunction(Differentiable fn, Input[] inputs) {
        this.fn = fn;
        this.inputs = inputs;
        double[] y = callForward(valuesOf(inputs), "at the given inputs", -1);
        if (y.length == 0) {
            throw new IllegalArgumentException("forward returned an empty output at the given inputs; gradcheck needs"
                    + " at least one output element to compare");
        }
        this.outputSize = y.length;
    }

    /** The inputs' values as fresh arrays, one per input. */
    static double[][] valuesOf(Input[] inputs) {
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].values();
        }
        return x;
    }

    int outputSize() {
        return outputSize;
    }

    /** Problems found along the way (an argument changed by the function), for the report. */
    List<String> problems() {
        return problems;
    }

    /** y = f(x); {@code where} says which point this is, for error messages. */
    double[] forward(double[][] x, String where) {
        return callForward(x, where, outputSize);
    }

    /** The analytic gradients for upstream gradient g, validated. */
    double[][] backward(double[][] x, double[] g) {
        double[][] xCopy = deepCopy(x);
        double[] gCopy = g.clone();
        double[][] grads = fn.backward(xCopy, gCopy);
        noteChanged("backward", "input", x, xCopy);
        if (!Arrays.equals(g, gCopy)) {
            note("backward changed its gradOutput argument; ops must not modify their arguments (copy them first)");
        }
        if (grads == null) {
            throw new IllegalArgumentException("backward returned null; return one gradient array per input ("
                    + inputs.length + " here), in the order of the inputs");
        }
        if (grads.length != inputs.length) {
            throw new IllegalArgumentException("backward returned " + grads.length + " gradient(s) but the function has "
                    + inputs.length + " input(s) " + Arrays.toString(inputs) + "; return one gradient per input, in the"
                    + " order of the inputs (an array of zeros for an input the output does not depend on)");
        }
        for (int i = 0; i < grads.length; i++) {
            Input in = inputs[i];
            if (grads[i] == null) {
                throw new IllegalArgumentException("backward returned null as the gradient of input '" + in.name()
                        + "'; return an array of " + in.size() + " zeros if the output does not depend on it");
            }
            if (grads[i].length != in.size()) {
                throw new IllegalArgumentException("backward returned a gradient of " + grads[i].length
                        + " element(s) for input '" + in.name() + "' of shape " + Arrays.toString(in.shape()) + " ("
                        + in.size() + " elements); a gradient has exactly its input's shape");
            }
            for (int j = 0; j < grads[i].length; j++) {
                if (!Double.isFinite(grads[i][j])) {
                    throw new IllegalArgumentException("backward returned " + grads[i][j] + " in the gradient of '"
                            + in.name() + "' at " + Indices.format(in.shape(), j) + "; gradients must be finite"
                            + " (check divisions and logs at this input: " + in.name() + Indices.format(in.shape(), j)
                            + " = " + x[i][j] + ")");
                }
            }
        }
        return grads;
    }

    private double[] callForward(double[][] x, String where, int expectedSize) {
        double[][] xCopy = deepCopy(x);
        double[] y = fn.forward(xCopy);
        noteChanged("forward", "input", x, xCopy);
        if (y == null) {
            throw new IllegalArgumentException("forward returned null " + where + "; return the output as a flat array");
        }
        if (expectedSize >= 0 && y.length != expectedSize) {
            throw new IllegalArgumentException("forward returned " + y.length + " element(s) " + where + " but "
                    + expectedSize + " at the given inputs; the output size must not depend on the input values");
        }
        for (int k = 0; k < y.length; k++) {
            if (!Double.isFinite(y[k])) {
                throw new IllegalArgumentException("forward returned " + y[k] + " at output[" + k + "] " + where
                        + "; gradcheck needs finite outputs: choose inputs inside the function's domain"
                        + " (e.g. positive for log) or a smaller eps");
            }
        }
        return y;
    }

    private void noteChanged(String method, String what, double[][] before, double[][] after) {
        for (int i = 0; i < before.length; i++) {
            for (int j = 0; j < before[i].length; j++) {
                if (Double.compare(before[i][j], after[i][j]) != 0) {
                    note(method + " changed its " + what + " '" + inputs[i].name() + "' at "
                            + Indices.format(inputs[i].shape(), j) + " from " + before[i][j] + " to " + after[i][j]
                            + "; ops must not modify their arguments (copy them first)");
                    return;
                }
            }
        }
    }

    private void note(String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    static double[][] deepCopy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
