package gradlab.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * One gradient check: compares the analytic gradient of a {@link Differentiable} with central differences
 * <pre>
 *   d f / d x[j]  ~  (f(x + h e_j) - f(x - h e_j)) / 2h
 * </pre>
 * in the mode the options ask for, runs PyTorch's extra checks, and writes the report.
 */
final class GradCheckRun {
    private static final int TABLE_MAX_SIDE = 8;
    /** Inputs with at most this many elements in all are printed in the report, so the check can be replayed. */
    private static final int PRINT_MAX_ELEMENTS = 16;

    private final String title;
    private final Input[] inputs;
    private final GradCheckOptions opt;
    private final CheckedFunction f;
    private final double[][] x;
    private final int m;
    private final Random random;
    private final FanOut fanOut;

    private int checked;
    private int failed;
    private ElementCheck worst;
    private final int[] checkedPerInput;
    private final int[] failedPerInput;
    private final Set<String> hints = new LinkedHashSet<>();
    private final List<String> tables = new ArrayList<>();

    GradCheckRun(String title, Differentiable fn, GradCheckOptions opt, Input... inputs) {
        this.title = title;
        this.opt = opt;
        this.inputs = validate(fn, opt, inputs);
        this.fanOut = fn instanceof FanOut uses ? uses : null;
        this.x = CheckedFunction.valuesOf(this.inputs);
        this.f = new CheckedFunction(fn, this.inputs);
        this.m = f.outputSize();
        this.random = new Random(opt.seed());
        this.checkedPerInput = new int[inputs.length];
        this.failedPerInput = new int[inputs.length];
    }

    GradCheckResult run() {
        switch (opt.mode()) {
            case FULL -> checkFull();
            case SPARSE -> checkSparse();
            case FAST -> checkFast();
            default -> throw new IllegalStateException("unknown mode " + opt.mode());
        }
        List<String> problems = new ArrayList<>(extraChecks());
        problems.addAll(f.problems());
        boolean passed = failed == 0 && problems.isEmpty();
        if (!passed && !linearInGradOutput()) {
            hints.clear();   // every other difference follows from this one cause: name it alone
            hints.add(Hints.notLinearInGradOutput());
        }
        return new GradCheckResult(passed, checked, failed, report(passed, problems));
    }

    // ---- the three modes -------------------------------------------------------------------------------------

    /** Whole Jacobians (one backward per output element), then J^T g for a random g. */
    private void checkFull() {
        double[][][] analyticJ = new double[inputs.length][m][];
        for (int k = 0; k < m; k++) {
            double[] oneHot = new double[m];
            oneHot[k] = 1;
            double[][] grads = f.backward(x, oneHot);
            for (int i = 0; i < inputs.length; i++) {
                analyticJ[i][k] = grads[i];
            }
        }
        double[][][] numericJ = new double[inputs.length][m][];
        for (int i = 0; i < inputs.length; i++) {
            for (int k = 0; k < m; k++) {
                numericJ[i][k] = new double[inputs[i].size()];
            }
            for (int j = 0; j < inputs[i].size(); j++) {
                double[] column = centralDifference(i, j);
                for (int k = 0; k < m; k++) {
                    numericJ[i][k][j] = column[k];
                }
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            for (int k = 0; k < m; k++) {
                for (int j = 0; j < inputs[i].size(); j++) {
                    String what = (m == 1 ? "d out" : "d out[" + k + "]") + " / d " + element(i, j);
                    record(new ElementCheck(what, i, numericJ[i][k][j], analyticJ[i][k][j],
                            opt.allowedError(numericJ[i][k][j])));
                }
            }
        }

        double[] g = randomVector(m);
        double[][] analytic = f.backward(x, g);
        double[][] numeric = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            numeric[i] = new double[inputs[i].size()];
            for (int j = 0; j < numeric[i].length; j++) {
                for (int k = 0; k < m; k++) {
                    numeric[i][j] += g[k] * numericJ[i][k][j];
                }
                record(new ElementCheck(element(i, j) + " for a random upstream gradient", i, numeric[i][j],
                        analytic[i][j], opt.allowedError(numeric[i][j])));
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            if (failedPerInput[i] > 0) {
                hints.addAll(Hints.about(inputs[i], flatten(numericJ[i]), flatten(analyticJ[i]), opt, secondOrder()));
                hints.addAll(fanOutHints(i, allIndices(inputs[i].size()), numeric[i], analytic[i], g));
                hints.addAll(Hints.transposed(inputs[i], numeric[i], analytic[i], opt));
                hints.addAll(Hints.wrongInput(inputs, i, numeric, analytic, opt));
                if (m <= TABLE_MAX_SIDE && inputs[i].size() <= TABLE_MAX_SIDE) {
                    tables.add(JacobianTable.sideBySide(inputs[i], numericJ[i], analyticJ[i]));
                }
            }
        }
        if (failed > 0 && hints.isEmpty()) {
            hints.add(Hints.noPattern());
        }
    }

    /** k random elements of every input, for one random upstream gradient g: d(g . f)/dx[j] against backward(g). */
    private void checkSparse() {
        double[] g = randomVector(m);
        double[][] analytic = f.backward(x, g);
        for (int i = 0; i < inputs.length; i++) {
            int[] sample = sampleIndices(inputs[i].size(), opt.elementsPerInput());
            double[] numericSample = new double[sample.length];
            double[] analyticSample = new double[sample.length];
            for (int s = 0; s < sample.length; s++) {
                int j = sample[s];
                numericSample[s] = dot(g, centralDifference(i, j));
                analyticSample[s] = analytic[i][j];
                record(new ElementCheck(element(i, j) + " for a random upstream gradient", i, numericSample[s],
                        analyticSample[s], opt.allowedError(numericSample[s])));
            }
            if (failedPerInput[i] > 0) {
                hints.addAll(Hints.about(inputs[i], numericSample, analyticSample, opt, secondOrder()));
                hints.addAll(fanOutHints(i, sample, numericSample, analyticSample, g));
            }
        }
        if (failed > 0 && hints.isEmpty()) {
            hints.add(Hints.noPattern());
        }
    }

    /** One random unit direction v per input: (g.f(x + h v) - g.f(x - h v)) / 2h against v . backward(g). */
    private void checkFast() {
        double[] g = randomVector(m);
        double[][] analytic = f.backward(x, g);
        double h = opt.eps();
        for (int i = 0; i < inputs.length; i++) {
            double[] v = randomVector(inputs[i].size());
            double norm = Math.sqrt(dot(v, v));
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
            double[] saved = x[i].clone();
            for (int j = 0; j < v.length; j++) {
                x[i][j] = saved[j] + h * v[j];
            }
            double plus = dot(g, f.forward(x, "at x + h v for input '" + inputs[i].name() + "'"));
            for (int j = 0; j < v.length; j++) {
                x[i][j] = saved[j] - h * v[j];
            }
            double minus = dot(g, f.forward(x, "at x - h v for input '" + inputs[i].name() + "'"));
            x[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analyticDirectional = dot(v, analytic[i]);
            record(new ElementCheck("u . J . v for input '" + inputs[i].name() + "' along a random direction v", i,
                    numeric, analyticDirectional, opt.allowedError(numeric)));
        }
        if (failed > 0) {
            hints.add("fast mode only knows that the directional derivative is wrong; rerun in full or sparse mode ("
                    + opt.say("GradCheckOptions.full() / sparse(k)", "--mode full / --mode sparse --k K")
                    + ") to see which elements are wrong");
        }
    }

    // ---- PyTorch's extra checks ------------------------------------------------------------------------------

    private List<String> extraChecks() {
        List<String> problems = new ArrayList<>();
        double[][] fromZero = f.backward(x, new double[m]);
        find:
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < fromZero[i].length; j++) {
                if (fromZero[i][j] != 0) {
                    problems.add("with a zero upstream gradient, backward returned " + fromZero[i][j] + " for "
                            + element(i, j) + "; every gradient must then be zero: multiply each term by gradOutput");
                    break find;
                }
            }
        }
        double[] g = randomVector(m);
        double[][] first = f.backward(x, g);
        double[][] second = f.backward(x, g);
        repeat:
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < first[i].length; j++) {
                if (Double.compare(first[i][j], second[i][j]) != 0) {
                    problems.add("backward is not repeatable: two calls with the same arguments gave " + first[i][j]
                            + " then " + second[i][j] + " for " + element(i, j) + "; does it accumulate into a field"
                            + " it should overwrite, or depend on a previous call?");
                    break repeat;
                }
            }
        }
        return problems;
    }

    /**
     * backward must be linear in gradOutput: backward(2 g) = 2 backward(g) and backward(0) = 0. Uses its own random
     * stream, so the rest of the check draws the same numbers whether or not this runs.
     */
    private boolean linearInGradOutput() {
        Random own = new Random(opt.seed() ^ 0x5DEECE66DL);
        double[] g = new double[m];
        double[] twice = new double[m];
        for (int k = 0; k < m; k++) {
            g[k] = 2 * own.nextDouble() - 1;
            twice[k] = 2 * g[k];
        }
        double[][] once = f.backward(x, g);
        double[][] doubled = f.backward(x, twice);
        double[][] zero = f.backward(x, new double[m]);
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < once[i].length; j++) {
                if (zero[i][j] != 0 || Math.abs(doubled[i][j] - 2 * once[i][j]) > opt.allowedError(2 * once[i][j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The fan-out hint for the failing elements of input i that the function reports as used several times. */
    private List<String> fanOutHints(int i, int[] elements, double[] numeric, double[] analytic, double[] g) {
        if (fanOut == null) {
            return List.of();
        }
        for (int s = 0; s < elements.length; s++) {
            int j = elements[s];
            if (Math.abs(analytic[s] - numeric[s]) <= opt.allowedError(numeric[s])) {
                continue;
            }
            int uses = fanOut.uses(CheckedFunction.deepCopy(x), i, j);
            if (uses < 2) {
                continue;
            }
            double[] perUse = new double[uses];
            for (int u = 0; u < uses; u++) {
                perUse[u] = dot(g, centralDifferenceOfOneUse(i, j, u));
            }
            String hint = Hints.fanOut(element(i, j), perUse, analytic[s], opt);
            if (hint != null) {
                return List.of(hint);
            }
        }
        return List.of();
    }

    private boolean secondOrder() {
        return title.equals("gradgradcheck");
    }

    private static double[] flatten(double[][] rows) {
        int n = 0;
        for (double[] r : rows) {
            n += r.length;
        }
        double[] flat = new double[n];
        int at = 0;
        for (double[] r : rows) {
            System.arraycopy(r, 0, flat, at, r.length);
            at += r.length;
        }
        return flat;
    }

    private static int[] allIndices(int n) {
        int[] all = new int[n];
        for (int j = 0; j < n; j++) {
            all[j] = j;
        }
        return all;
    }

    // ---- central differences ---------------------------------------------------------------------------------

    /** d f / d (use u of x_i[j]): the input moved by +-h as seen by that one use only. */
    private double[] centralDifferenceOfOneUse(int i, int j, int u) {
        double old = x[i][j];
        double xPlus = old + opt.eps();
        double xMinus = old - opt.eps();
        double[] yPlus = fanOut.forwardWithOneUse(CheckedFunction.deepCopy(x), i, j, u, xPlus);
        double[] yMinus = fanOut.forwardWithOneUse(CheckedFunction.deepCopy(x), i, j, u, xMinus);
        double[] column = new double[m];
        for (int k = 0; k < m && k < yPlus.length && k < yMinus.length; k++) {
            column[k] = (yPlus[k] - yMinus[k]) / (xPlus - xMinus);
        }
        return column;
    }

    /** The column d f / d x_i[j] of the Jacobian, using the step actually taken: (f(x+) - f(x-)) / (x+ - x-). */
    private double[] centralDifference(int i, int j) {
        double old = x[i][j];
        x[i][j] = old + opt.eps();
        double xPlus = x[i][j];
        double[] yPlus = f.forward(x, "at " + element(i, j) + " = " + old + " + h");
        x[i][j] = old - opt.eps();
        double xMinus = x[i][j];
        double[] yMinus = f.forward(x, "at " + element(i, j) + " = " + old + " - h");
        x[i][j] = old;
        double step = xPlus - xMinus;
        double[] column = new double[m];
        for (int k = 0; k < m; k++) {
            column[k] = (yPlus[k] - yMinus[k]) / step;
        }
        return column;
    }

    // ---- bookkeeping and report ------------------------------------------------------------------------------

    private void record(ElementCheck c) {
        checked++;
        checkedPerInput[c.input()]++;
        if (!c.passed()) {
            failed++;
            failedPerInput[c.input()]++;
        }
        if (worst == null || c.excess() > worst.excess()) {
            worst = c;
        }
    }

    private String report(boolean passed, List<String> problems) {
        StringBuilder r = new StringBuilder();
        if (!opt.label().isEmpty()) {
            r.append(opt.label()).append(": ");
        }
        if (passed) {
            r.append(String.format(Locale.ROOT, "%s PASSED: %d derivative(s) checked (%s)%n", title, checked, opt));
        } else if (failed > 0) {
            r.append(String.format(Locale.ROOT, "%s FAILED: %d of %d derivative(s) outside |analytic - numeric| <= atol"
                    + " + rtol * |numeric| (%s)%n", title, failed, checked, opt));
        } else {
            r.append(String.format(Locale.ROOT, "%s FAILED: all %d derivative(s) match but %d other check(s) failed"
                    + " (%s)%n", title, checked, problems.size(), opt));
        }
        r.append("inputs: ");
        for (int i = 0; i < inputs.length; i++) {
            r.append(i == 0 ? "" : ", ").append(inputs[i]);
        }
        r.append(", output of ").append(m).append(" element(s)").append(System.lineSeparator());
        boolean printed = totalElements() <= PRINT_MAX_ELEMENTS;
        if (!passed && printed) {
            r.append("input values (row-major):");
            for (int i = 0; i < inputs.length; i++) {
                r.append(i == 0 ? " " : "; ").append(inputs[i].name()).append(" = ")
                        .append(inputs[i].shape().length == 0 ? Double.toString(inputs[i].values()[0])
                                : Arrays.toString(inputs[i].values()));
            }
            r.append(System.lineSeparator());
        }
        if (worst != null) {
            r.append(failed > 0 ? "worst: " : "largest error: ").append(worst.describe()).append(System.lineSeparator());
        }
        if (failed > 0) {
            r.append("failing per input:");
            for (int i = 0; i < inputs.length; i++) {
                r.append(String.format(Locale.ROOT, " '%s' %d of %d;", inputs[i].name(), failedPerInput[i],
                        checkedPerInput[i]));
            }
            r.setLength(r.length() - 1);
            r.append(System.lineSeparator());
        }
        for (String p : problems) {
            r.append("problem: ").append(p).append(System.lineSeparator());
        }
        for (String h : hints) {
            r.append("hint: ").append(h).append(System.lineSeparator());
        }
        for (String t : tables) {
            r.append(t);
        }
        if (!passed && opt.commandLine() != null) {
            r.append("replay: ").append(opt.commandLine()).append(System.lineSeparator());
        } else if (!passed) {
            r.append("replay: the same check with ").append(apiOptions()).append(printed
                    ? " at the input values above" : " and the same inputs (" + totalElements()
                    + " values, too many to print)").append(System.lineSeparator());
        }
        return r.toString();
    }

    private int totalElements() {
        int n = 0;
        for (Input in : inputs) {
            n += in.size();
        }
        return n;
    }

    /** The options as the code that builds them, e.g. GradCheckOptions.defaults().seed(7).sparse(5). */
    private String apiOptions() {
        GradCheckOptions d = GradCheckOptions.defaults();
        StringBuilder s = new StringBuilder("GradCheckOptions.defaults().seed(").append(opt.seed()).append(')');
        if (opt.eps() != d.eps()) {
            s.append(".eps(").append(opt.eps()).append(')');
        }
        if (opt.atol() != d.atol()) {
            s.append(".atol(").append(opt.atol()).append(')');
        }
        if (opt.rtol() != d.rtol()) {
            s.append(".rtol(").append(opt.rtol()).append(')');
        }
        switch (opt.mode()) {
            case SPARSE -> s.append(".sparse(").append(opt.elementsPerInput()).append(')');
            case FAST -> s.append(".fast()");
            default -> { }
        }
        return s.toString();
    }

    private String element(int i, int j) {
        return inputs[i].name() + Indices.format(inputs[i].shape(), j);
    }

    private double[] randomVector(int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 2 * random.nextDouble() - 1;
        }
        return v;
    }

    /** k distinct indices of 0..n-1 in increasing order (all of them if k >= n), seeded. */
    private int[] sampleIndices(int n, int k) {
        int[] all = new int[n];
        for (int j = 0; j < n; j++) {
            all[j] = j;
        }
        int take = Math.min(n, k);
        for (int s = 0; s < take; s++) {
            int pick = s + random.nextInt(n - s);
            int tmp = all[s];
            all[s] = all[pick];
            all[pick] = tmp;
        }
        int[] sample = Arrays.copyOf(all, take);
        Arrays.sort(sample);
        return sample;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    // ---- argument validation ---------------------------------------------------------------------------------

    static Input[] validate(Differentiable fn, GradCheckOptions opt, Input[] inputs) {
        if (fn == null) {
            throw new IllegalArgumentException("the function to check is null");
        }
        if (opt == null) {
            throw new IllegalArgumentException("options are null; use GradCheckOptions.defaults()");
        }
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("no inputs given; pass one Input per argument of the function, e.g."
                    + " GradCheck.check(op, Input.vector(\"x\", 1, 2, 3))");
        }
        if (fn.arity() >= 0 && fn.arity() != inputs.length) {
            throw new IllegalArgumentException(fn.getClass().getSimpleName() + " takes " + fn.arity() + " input(s) but "
                    + inputs.length + " were given " + Arrays.toString(inputs) + "; pass exactly " + fn.arity());
        }
        for (Input in : inputs) {
            if (in == null) {
                throw new IllegalArgumentException("an input is null in " + Arrays.toString(inputs));
            }
            double[] v = in.values();
            for (int j = 0; j < v.length; j++) {
                if (!Double.isFinite(v[j])) {
                    throw new IllegalArgumentException("input '" + in.name() + "' has " + v[j] + " at "
                            + Indices.format(in.shape(), j) + "; gradcheck needs finite inputs");
                }
                double step = (v[j] + opt.eps()) - (v[j] - opt.eps());
                if (Math.abs(step - 2 * opt.eps()) > 0.01 * 2 * opt.eps()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "h = %.1e underflows relative to"
                            + " input '%s'%s = %s: (x + h) - (x - h) = %s instead of %.1e, so the central difference"
                            + " would be meaningless; use a larger eps (%s) or inputs of moderate size",
                            opt.eps(), in.name(), Indices.format(in.shape(), j), v[j], step, 2 * opt.eps(),
                            opt.say("GradCheckOptions.eps", "--eps")));
                }
            }
        }
        return inputs.clone();
    }
}
