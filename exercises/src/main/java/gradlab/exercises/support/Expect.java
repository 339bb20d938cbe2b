package gradlab.exercises.support;

import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.GradCheckResult;
import gradlab.gradcheck.Input;
import gradlab.gradcheck.TwiceDifferentiable;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Assertions for graded tests whose failure message starts with the check's label, so the first line a student
 * (or a grading report) shows says the exercise, what was checked and the seed, then what was wrong:
 * <pre>
 *   ex2.2 MatMul dL/dA at [3, 4] x [4, 5] (seed 21): element [1, 2] is 0.8125, expected 1.4375 (|diff| 0.625 &gt; 1e-9)
 * </pre>
 */
public final class Expect {
    private Expect() {
    }

    /** |actual - expected| &lt;= tol (or both the same infinity/NaN-free value). */
    public static void close(String label, double expected, double actual, double tol) {
        if (!(Math.abs(actual - expected) <= tol) && !(expected == actual)) {
            throw new AssertionError(label + ": got " + fmt(actual) + ", expected " + fmt(expected) + " (|diff| "
                    + fmt(Math.abs(actual - expected)) + " > " + fmt(tol) + ")");
        }
    }

    /** Element-wise {@link #close} of two arrays of the same length. */
    public static void close(String label, double[] expected, double[] actual, double tol) {
        if (actual == null) {
            throw new AssertionError(label + ": got null, expected " + expected.length + " values");
        }
        if (actual.length != expected.length) {
            throw new AssertionError(label + ": got " + actual.length + " values " + abbreviate(actual)
                    + ", expected " + expected.length + " " + abbreviate(expected));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol) && !(expected[i] == actual[i])) {
                throw new AssertionError(label + ": element " + i + " is " + fmt(actual[i]) + ", expected "
                        + fmt(expected[i]) + " (|diff| " + fmt(Math.abs(actual[i] - expected[i])) + " > " + fmt(tol)
                        + "); got " + abbreviate(actual) + ", expected " + abbreviate(expected));
            }
        }
    }

    /** Same shape and element-wise {@link #close}. */
    public static void close(String label, Tensor expected, Tensor actual, double tol) {
        if (actual == null) {
            throw new AssertionError(label + ": got null, expected a tensor of shape " + Shapes.str(expected.shape()));
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(label + ": got shape " + Shapes.str(actual.shape()) + ", expected "
                    + Shapes.str(expected.shape()));
        }
        close(label, expected.toDoubleArray(), actual.toDoubleArray(), tol);
    }

    /** A condition, with what was wrong. */
    public static void that(String label, boolean condition, String whatWasWrong) {
        if (!condition) {
            throw new AssertionError(label + ": " + whatWasWrong);
        }
    }

    /** gradcheck (central differences) passes; the failure carries the checker's report. */
    public static void gradcheck(String label, Differentiable fn, long seed, Input... inputs) {
        GradCheckResult r = GradCheck.check(fn, GradCheckOptions.defaults().seed(seed), inputs);
        if (!r.passed()) {
            throw new AssertionError(label + ": gradcheck found " + r.elementsFailed() + " of "
                    + r.elementsChecked() + " derivatives wrong\n" + r.report());
        }
    }

    /** gradgradcheck (second derivatives) passes. */
    public static void gradgradcheck(String label, TwiceDifferentiable fn, long seed, Input... inputs) {
        GradCheckResult r = GradCheck.gradgradcheck(fn, GradCheckOptions.defaults().seed(seed), inputs);
        if (!r.passed()) {
            throw new AssertionError(label + ": gradgradcheck found " + r.elementsFailed() + " of "
                    + r.elementsChecked() + " second derivatives wrong\n" + r.report());
        }
    }

    private static String abbreviate(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(values.length, 8); i++) {
            sb.append(i == 0 ? "" : ", ").append(fmt(values[i]));
        }
        return sb.append(values.length > 8 ? ", ...]" : "]").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
