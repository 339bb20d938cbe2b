package gradlab.nn.functional;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorFunction;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded random gradient checks for the functional tests: every case is a (seed, layout) pair, the seed fixes the
 * shapes and values, and a failure names both so the case replays.
 */
final class Checks {
    /** Seeds per function. */
    static final int SEEDS = 20;

    private Checks() {
    }

    /** (seed, layout) for SEEDS seeds times the three layouts (contiguous, permuted, strided with NaN gaps). */
    static Stream<Arguments> seedsAndLayouts() {
        return LongStream.range(0, SEEDS).boxed()
                .flatMap(s -> Stream.of(Layout.values()).map(l -> Arguments.of(s, l)));
    }

    /** Gradchecks f (double precision, every Jacobian entry) w.r.t. every input, inputs laid out as {@code layout}. */
    static void gradcheck(long seed, Layout layout, TensorFunction f, Input... inputs) {
        TensorGradCheck check = TensorGradCheck.of(f, shapes(inputs)).layout(layout);
        try {
            GradCheck.assertCorrect(check, inputs);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", layout " + layout + ": " + e.getMessage(), e);
        }
    }

    /** Second derivatives too (gradgradcheck): backward of f is itself differentiable. */
    static void gradgradcheck(long seed, Layout layout, TensorFunction f, Input... inputs) {
        TensorGradCheck check = TensorGradCheck.of(f, shapes(inputs)).layout(layout);
        try {
            GradCheck.assertGradGradCorrect(check, inputs);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", layout " + layout + " (gradgrad): " + e.getMessage(), e);
        }
    }

    private static int[][] shapes(Input[] inputs) {
        int[][] s = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            s[i] = inputs[i].shape();
        }
        return s;
    }

    /** Values uniform in [low, high), redrawn while within 0.01 of a kink (where the derivative jumps). */
    static Input away(String name, Random r, double low, double high, double[] kinks, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            boolean near;
            do {
                v[i] = low + (high - low) * r.nextDouble();
                near = false;
                for (double k : kinks) {
                    near |= Math.abs(v[i] - k) < 0.01;
                }
            } while (near);
        }
        return Input.of(name, shape, v);
    }

    static Input uniform(String name, Random r, double low, double high, int... shape) {
        return away(name, r, low, high, new double[0], shape);
    }

    /** A size in [1, max]. */
    static int size(Random r, int max) {
        return 1 + r.nextInt(max);
    }
}
