package gradlab.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises the usual ways a hand-written backward goes wrong, by comparing an input's analytic gradient with its
 * numeric one: all zeros, flipped sign, a constant factor, a transposed matrix, another input's gradient.
 * Each hint states the fact it found, then the usual cause.
 *
 * <p>A pattern is claimed only when the data can show it: at least two non-negligible elements (|numeric| above
 * 100 atol) must agree, and the pattern must then hold for every element. With a single non-negligible element
 * (a scalar gate) any two numbers have a "constant" ratio, so the report states the one ratio as a fact and claims
 * nothing.
 */
final class Hints {
    /** An element whose numeric derivative is at most this many atol is too small to carry a pattern. */
    private static final double NEGLIGIBLE_ATOLS = 100;

    private Hints() {
    }

    /**
     * Hints about one input from the derivatives compared for it (whole Jacobians in full mode, the sampled elements
     * in sparse mode). {@code secondOrder} is true in gradgradcheck, where the "analytic" side is doubleBackward.
     */
    static List<String> about(Input in, double[] numeric, double[] analytic, GradCheckOptions opt, boolean secondOrder) {
        List<String> hints = new ArrayList<>();
        String name = "'" + in.name() + "'";
        List<Integer> significant = new ArrayList<>();
        for (int j = 0; j < numeric.length; j++) {
            if (Math.abs(numeric[j]) > NEGLIGIBLE_ATOLS * opt.atol()) {
                significant.add(j);
            }
        }
        if (significant.isEmpty()) {
            return hints;
        }
        if (significant.size() == 1) {
            int j = significant.get(0);
            String cause = secondOrder && analytic[j] == 0
                    ? "; a second-order gradient of exactly 0 is what a backward computed outside the recorded ops"
                    + " gives (raw arrays, kernel calls): build backward from tensor ops, or write its doubleBackward"
                    : "";
            hints.add(String.format(Locale.ROOT, "%s has one non-negligible derivative, where analytic / numeric ="
                    + " %.6g (analytic %.9g, numeric %.9g); one element cannot show a pattern (a constant factor, a"
                    + " flipped sign, a missing term look alike): compare the derivative formula term by term with"
                    + " the code, or %s%s", name, analytic[j] / numeric[j], analytic[j], numeric[j],
                    opt.say("check at several random points", "rerun with a few other --seed values"), cause));
            return hints;
        }
        boolean allZero = true;
        for (int j : significant) {
            allZero &= Math.abs(analytic[j]) <= opt.atol();
        }
        if (allZero) {
            String cause = secondOrder
                    ? "the gradient of the gradient is missing. In a tensor engine this is what a backward computed"
                    + " outside the recorded ops looks like (raw arrays, a kernel call, data() read and written back):"
                    + " with createGraph the engine can differentiate only what it recorded, so build backward from"
                    + " tensor ops, or give the op its own doubleBackward"
                    : "the gradient of " + name + " is missing (not computed, not returned, or not multiplied into"
                    + " gradOutput)";
            hints.add("backward returns zeros for " + name + " at all " + significant.size() + " non-negligible"
                    + " derivatives: " + cause);
            return hints;
        }
        double factor = commonRatio(numeric, analytic, significant, opt);
        if (Double.isNaN(factor)) {
            return hints;
        }
        if (Math.abs(factor + 1) < 1e-4) {
            hints.add("analytic = -numeric for every element of " + name + " (" + significant.size()
                    + " non-negligible): the sign is flipped");
        } else if (Math.abs(factor - 1) >= 1e-4) {
            hints.add(String.format(Locale.ROOT, "analytic = %.6g x numeric for every element of %s (%d"
                    + " non-negligible agree; off by %+.3g%%): a constant factor is wrong, e.g. a missing 2 in"
                    + " d/dx x^2 = 2x or a missing 1/n of a mean", factor, name, significant.size(), (factor - 1) * 100));
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
            if (p != i && numeric[p].length == analytic[i].length && allClose(analytic[i], numeric[p], opt)
                    && !allClose(analytic[i], numeric[i], opt)) {
                hints.add("the gradient returned for '" + inputs[i].name() + "' equals the numeric gradient of '"
                        + inputs[p].name() + "': the gradients are swapped or computed for the wrong input"
                        + " (backward returns them in the order of the inputs)");
            }
        }
        return hints;
    }

    /**
     * The fan-out hint, when an element used k >= 2 times has an analytic gradient equal to the sum of the numeric
     * terms of some of its uses but not all: {@code perUse} holds those terms, {@code analytic} what backward gave.
     * Returns null when the data do not show it.
     */
    static String fanOut(String element, double[] perUse, double analytic, GradCheckOptions opt) {
        int k = perUse.length;
        if (k < 2 || k > 16) {
            return null;
        }
        double total = 0;
        for (double c : perUse) {
            total += c;
        }
        for (int subset = 1; subset < (1 << k) - 1; subset++) {
            double partial = 0;
            int count = 0;
            for (int u = 0; u < k; u++) {
                if ((subset & (1 << u)) != 0) {
                    partial += perUse[u];
                    count++;
                }
            }
            boolean matches = Math.abs(analytic - partial) <= opt.allowedError(partial);
            boolean differsFromTotal = Math.abs(total - partial) > opt.allowedError(total);
            if (matches && differsFromTotal) {
                return String.format(Locale.ROOT, "%s is used %d times, and its analytic gradient %.9g is what %d of"
                        + " those uses send back (numeric per use: %s; their sum %.9g is the right gradient): a value"
                        + " used twice must sum its gradients: += not =", element, k, analytic, count,
                        format(perUse), total);
            }
        }
        return null;
    }

    static String noPattern() {
        return "no simple pattern (zeros, sign, constant factor, transpose, swapped inputs) is shared by two or more"
                + " wrong elements: a term of the derivative is probably missing or wrong, e.g. one term of the"
                + " product rule d(uv) = u dv + v du";
    }

    static String notLinearInGradOutput() {
        return "backward is not linear in gradOutput (backward(2 g) != 2 backward(g), or a zero gradOutput gives a"
                + " nonzero gradient): it ignores gradOutput or adds a term without it, but backward must be linear in"
                + " gradOutput: multiply every term by gradOutput[k] and sum over the outputs (the chain rule). The"
                + " other differences follow from this";
    }

    static boolean allClose(double[] analytic, double[] numeric, GradCheckOptions opt) {
        for (int j = 0; j < numeric.length; j++) {
            if (Math.abs(analytic[j] - numeric[j]) > opt.allowedError(numeric[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ratio analytic / numeric shared by every non-negligible element (within 1e-4 relative), if the scaled
     * numeric gradient also matches every negligible element within tolerance; NaN otherwise.
     */
    private static double commonRatio(double[] numeric, double[] analytic, List<Integer> significant,
                                      GradCheckOptions opt) {
        double ratio = analytic[significant.get(0)] / numeric[significant.get(0)];
        for (int j : significant) {
            double r = analytic[j] / numeric[j];
            if (Math.abs(r - ratio) > 1e-4 * Math.abs(ratio)) {
                return Double.NaN;
            }
        }
        for (int j = 0; j < numeric.length; j++) {
            double expected = ratio * numeric[j];
            if (Math.abs(analytic[j] - expected) > opt.allowedError(expected)) {
                return Double.NaN;
            }
        }
        return ratio;
    }

    private static String format(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int u = 0; u < v.length; u++) {
            s.append(u == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.9g", v[u]));
        }
        return s.append(']').toString();
    }
}
