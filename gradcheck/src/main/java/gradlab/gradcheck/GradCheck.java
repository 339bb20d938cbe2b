package gradlab.gradcheck;

import java.util.Arrays;
import java.util.Random;

/**
 * Checks an analytic gradient against central differences, in double precision:
 * <pre>
 *   d f / d x[j]  ~  (f(x + h e_j) - f(x - h e_j)) / 2h        (error O(h^2))
 * </pre>
 * An element passes iff {@code |analytic - numeric| <= atol + rtol * |numeric|} (PyTorch's rule and defaults:
 * h = 1e-6, atol = 1e-5, rtol = 1e-3). From a JUnit test:
 * <pre>
 *   GradCheck.assertCorrect(new MyOp(), Input.uniform("x", new Random(1), -1, 1, 3, 4));
 * </pre>
 * Besides the gradient itself it checks, as PyTorch does, that a zero upstream gradient gives zero gradients, that
 * backward gives the same result twice, that every gradient has its input's shape and that no argument is changed.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Checks {@code fn} at {@code inputs} with the default options. */
    public static GradCheckResult check(Differentiable fn, Input... inputs) {
        return check(fn, GradCheckOptions.defaults(), inputs);
    }

    /** Checks {@code fn} at {@code inputs}. Illegal arguments (NaN, wrong gradient count...) throw IllegalArgumentException. */
    public static GradCheckResult check(Differentiable fn, GradCheckOptions options, Input... inputs) {
        return new GradCheckRun("gradcheck", fn, options, inputs).run();
    }

    /** Throws an {@link AssertionError} carrying the report if the check fails. */
    public static void assertCorrect(Differentiable fn, Input... inputs) {
        assertCorrect(fn, GradCheckOptions.defaults(), inputs);
    }

    /** Throws an {@link AssertionError} carrying the report if the check fails. */
    public static void assertCorrect(Differentiable fn, GradCheckOptions options, Input... inputs) {
        GradCheckResult result = check(fn, options, inputs);
        if (!result.passed()) {
            throw new AssertionError(result.report());
        }
    }

    /**
     * Second-order check: gradcheck of the backward pass b(x, g) = backward(x, g) as a function of the inputs and
     * of the upstream gradient g, whose analytic gradient is {@link TwiceDifferentiable#doubleBackward}. The
     * upstream gradient is drawn at random from the options' seed.
     */
    public static GradCheckResult gradgradcheck(TwiceDifferentiable fn, Input... inputs) {
        return gradgradcheck(fn, GradCheckOptions.defaults(), inputs);
    }

    /** Second-order check with the given options. */
    public static GradCheckResult gradgradcheck(TwiceDifferentiable fn, GradCheckOptions options, Input... inputs) {
        GradCheckRun.validate(fn, options, inputs);       // null op, options or inputs, arity, finite inputs
        int[] sizes = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            sizes[i] = inputs[i].size();
        }
        int outputSize = new CheckedFunction(fn, inputs).outputSize();
        Input[] extended = Arrays.copyOf(inputs, inputs.length + 1);
        extended[inputs.length] = Input.uniform("gradOutput", new Random(options.seed() ^ 0x9E3779B97F4A7C15L), -1, 1,
                outputSize);
        return new GradCheckRun("gradgradcheck", new BackwardAsFunction(fn, sizes), options, extended).run();
    }

    /** Throws an {@link AssertionError} carrying the report if the second-order check fails. */
    public static void assertGradGradCorrect(TwiceDifferentiable fn, Input... inputs) {
        assertGradGradCorrect(fn, GradCheckOptions.defaults(), inputs);
    }

    /** Throws an {@link AssertionError} carrying the report if the second-order check fails. */
    public static void assertGradGradCorrect(TwiceDifferentiable fn, GradCheckOptions options, Input... inputs) {
        GradCheckResult result = gradgradcheck(fn, options, inputs);
        if (!result.passed()) {
            throw new AssertionError(result.report());
        }
    }
}
