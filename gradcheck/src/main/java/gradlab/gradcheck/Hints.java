package gradlab.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises the usual ways a hand-written backward goes wrong, by comparing an input's analytic gradient with its
 * numeric one: all zeros, flipped sign, a constant factor, a transposed matrix, another input's gradient.
 * Each hint states the fact it found, then the usual cause.
 */
final class Hints {
    private Hints() {
    }

    /** Hints about one input from whole gradients (full mode) or from the sampled elements (sparse mode). */
    static List<String> about(Input in, double[] numeric, double[] analytic, GradCheckOptions opt) {
        List<String> hints = new ArrayList<>();
        String name = "'" + in.name() + "'";
        if (allZero(analytic, opt.atol()) && !allZero(numeric, opt.atol())) {
            hints.add("backward returns zeros for " + name + " but its numeric gradient is not zero: the gradient of "
                    + name + " is missing (not computed, not returned, or not multiplied into gradOutput)");
        } else if (allClose(negate(analytic), numeric, opt)) {
            hints.add("analytic = -numeric for every element of " + name + ": the sign is flipped");
        } else {
            double factor = constantFactor(numeric, analytic, opt.atol());
            if (!Double.isNaN(factor)) {
                hints.add(String.format(Locale.ROOT, "analytic = %.6g x numeric for every element of %s (off by %+.3g%%):"
                        + " a constant factor is wrong, e.g. a missing 2 in d/dx x^2 = 2x or a missing 1/n of a mean",
                        factor, name, (factor - 1) * 100));
            }
        }
        return hints;
    }

    /** "looks transposed" when the analytic gradient of an [r, c] input is the numeric one laid out as [c, r]. */
    static List<String> transposed(Input in, double[] numeric, double[] analytic, GradCheckOptions opt) {
        int[] s = in.shape();
        if (s.length != 2 || s[0] < 2 || s[1] < 2) {
            return List.of();
        }
        int r = s[0];
        int c = s[1];
        double[] numericTransposed = new double[numeric.length];
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < c; b++) {
                numericTransposed[b * r + a] = numeric[a * c + b];
            }
        }
        if (allClose(analytic, numericTransposed, opt) && !allClose(analytic, numeric, opt)) {
            return List.of("the gradient of '" + in.name() + "' " + java.util.Arrays.toString(s) + " looks transposed:"
                    + " its elements equal the numeric gradient's transpose, read in row-major order; return it in the"
                    + " input's own layout (for y = x W, dW = x^T g, not g^T x)");
        }
        return List.of();
    }

    /** "the gradient of x is y's" when input i's analytic gradient matches another input's numeric gradient. */
    static List<String> wrongInput(Input[] inputs, int i, double[][] numeric, double[][] analytic,
                                   GradCheckOptions opt) {
        List<String> hints = new ArrayList<>();
        for (int p = 0; p < inputs.length; p++) {
            if (p != i && numeric[p].length == analytic[i].length && allClose(analytic[i], numeric[p], opt)) {
                hints.add("the gradient returned for '" + inputs[i].name() + "' equals the numeric gradient of '"
                        + inputs[p].name() + "': the gradients are swapped or computed for the wrong input"
                        + " (backward returns them in the order of the inputs)");
            }
        }
        return hints;
    }

    static String noPattern() {
        return "no simple pattern (zeros, sign, constant factor, transpose, swapped inputs) explains the wrong elements:"
                + " a term of the derivative is probably missing or wrong, e.g. one term of the product rule"
                + " d(uv) = u dv + v du, or a value used twice whose gradients must be summed";
    }

    static String notLinearInGradOutput() {
        return "backward is right for one-hot upstream gradients but wrong for a random one: it must be linear in"
                + " gradOutput, multiplying every term by gradOutput[k] and summing over the outputs (the chain rule)";
    }

    private static boolean allZero(double[] v, double atol) {
        for (double d : v) {
            if (Math.abs(d) > atol) {
                return false;
            }
        }
        return true;
    }

    private static boolean allClose(double[] analytic, double[] numeric, GradCheckOptions opt) {
        for (int j = 0; j < numeric.length; j++) {
            if (Math.abs(analytic[j] - numeric[j]) > opt.allowedError(numeric[j])) {
                return false;
            }
        }
        return true;
    }

    private static double[] negate(double[] v) {
        double[] n = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            n[j] = -v[j];
        }
        return n;
    }

    /** The common ratio analytic / numeric if there is one (and it is not 1), NaN otherwise. */
    private static double constantFactor(double[] numeric, double[] analytic, double atol) {
        double ratio = Double.NaN;
        for (int j = 0; j < numeric.length; j++) {
            if (Math.abs(numeric[j]) <= 100 * atol) {
                continue;
            }
            double r = analytic[j] / numeric[j];
            if (Double.isNaN(ratio)) {
                ratio = r;
            } else if (Math.abs(r - ratio) > 1e-4 * Math.abs(ratio)) {
                return Double.NaN;
            }
        }
        return Double.isNaN(ratio) || Math.abs(ratio - 1) < 1e-4 ? Double.NaN : ratio;
    }
}
