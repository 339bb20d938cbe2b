package gradlab.gradcheck;

import java.util.Locale;

/**
 * The settings of a gradient check. Immutable: every wither returns a copy.
 *
 * <p>The defaults are PyTorch's: step h = 1e-6, and an element passes iff
 * {@code |analytic - numeric| <= atol + rtol * |numeric|} with atol = 1e-5 and rtol = 1e-3.
 * <pre>
 *   GradCheck.assertCorrect(op, GradCheckOptions.defaults().seed(7).sparse(10), x, w);
 * </pre>
 */
public final class GradCheckOptions {
    private final double eps;
    private final double atol;
    private final double rtol;
    private final long seed;
    private final CheckMode mode;
    private final int elementsPerInput;
    private final String label;
    private final String commandLine;

    private GradCheckOptions(double eps, double atol, double rtol, long seed, CheckMode mode, int elementsPerInput,
                             String label, String commandLine) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.seed = seed;
        this.mode = mode;
        this.elementsPerInput = elementsPerInput;
        this.label = label;
        this.commandLine = commandLine;
    }

    /** eps 1e-6, atol 1e-5, rtol 1e-3, full mode, seed 0, no label. */
    public static GradCheckOptions defaults() {
        return new GradCheckOptions(1e-6, 1e-5, 1e-3, 0L, CheckMode.FULL, 0, "", null);
    }

    /**
     * Names the check in the first line of its report, e.g. {@code label("TanhGate case 3 (seed 94732)")} gives
     * "TanhGate case 3 (seed 94732): gradcheck FAILED: ...", so a failing generated test says what it checked.
     */
    public GradCheckOptions label(String label) {
        if (label == null) {
            throw new IllegalArgumentException("label is null; pass \"\" for no label, or e.g. \"Mul case 3 (seed 7)\"");
        }
        return new GradCheckOptions(eps, atol, rtol, seed, mode, elementsPerInput, label.strip(), commandLine);
    }

    /** The label of {@link #label(String)}; "" if none. */
    public String label() {
        return label;
    }

    /**
     * For command-line front ends: the report then names options by their flags ({@code --mode full}) instead of
     * API calls, and tells the reader to replay the check with {@code command}, the full command that ran it.
     */
    public GradCheckOptions commandLine(String command) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("commandLine needs the command that replays the check, e.g."
                    + " \"gradcheck gradlab.gradcheck.examples.Sigmoid --shape 2,3 --seed 7\"");
        }
        return new GradCheckOptions(eps, atol, rtol, seed, mode, elementsPerInput, label, command);
    }

    /** The replay command of {@link #commandLine(String)}, or null when the check runs from code. */
    public String commandLine() {
        return commandLine;
    }

    /** How the report names an option for the reader: the API call, or the command-line flag. */
    String say(String apiCall, String flag) {
        return commandLine == null ? apiCall : flag;
    }

    /** The step h of the central difference (f(x + h) - f(x - h)) / 2h; must be positive and finite. */
    public GradCheckOptions eps(double eps) {
        requirePositive("eps", eps, "1e-6");
        return new GradCheckOptions(eps, atol, rtol, seed, mode, elementsPerInput, label, commandLine);
    }

    /** The absolute tolerance; must be >= 0. */
    public GradCheckOptions atol(double atol) {
        requireNonNegative("atol", atol, "1e-5");
        return new GradCheckOptions(eps, atol, rtol, seed, mode, elementsPerInput, label, commandLine);
    }

    /** The relative tolerance; must be >= 0. */
    public GradCheckOptions rtol(double rtol) {
        requireNonNegative("rtol", rtol, "1e-3");
        return new GradCheckOptions(eps, atol, rtol, seed, mode, elementsPerInput, label, commandLine);
    }

    /** The seed of the random upstream gradients, sampled elements and directions: a failure replays exactly. */
    public GradCheckOptions seed(long seed) {
        return new GradCheckOptions(eps, atol, rtol, seed, mode, elementsPerInput, label, commandLine);
    }

    /** Checks every element (the default). */
    public GradCheckOptions full() {
        return new GradCheckOptions(eps, atol, rtol, seed, CheckMode.FULL, 0, label, commandLine);
    }

    /** Checks {@code elementsPerInput} random elements of every input (all of them if an input is smaller). */
    public GradCheckOptions sparse(int elementsPerInput) {
        if (elementsPerInput < 1) {
            throw new IllegalArgumentException("sparse(k) needs k >= 1 elements per input, got " + elementsPerInput
                    + "; e.g. GradCheckOptions.defaults().sparse(10)");
        }
        return new GradCheckOptions(eps, atol, rtol, seed, CheckMode.SPARSE, elementsPerInput, label, commandLine);
    }

    /** Checks one random direction per input (u.J.v), whatever the input size. */
    public GradCheckOptions fast() {
        return new GradCheckOptions(eps, atol, rtol, seed, CheckMode.FAST, 0, label, commandLine);
    }

    public double eps() {
        return eps;
    }

    public double atol() {
        return atol;
    }

    public double rtol() {
        return rtol;
    }

    public long seed() {
        return seed;
    }

    public CheckMode mode() {
        return mode;
    }

    /** The k of sparse mode; 0 in the other modes. */
    public int elementsPerInput() {
        return elementsPerInput;
    }

    /** The largest error an element with this numeric value may have: atol + rtol * |numeric|. */
    public double allowedError(double numeric) {
        return atol + rtol * Math.abs(numeric);
    }

    @Override
    public String toString() {
        String m = mode == CheckMode.SPARSE ? "sparse(" + elementsPerInput + ")" : mode.name().toLowerCase(Locale.ROOT);
        return String.format(Locale.ROOT, "mode %s, eps %.1e, atol %.1e, rtol %.1e, seed %d", m, eps, atol, rtol, seed);
    }

    private static void requirePositive(String name, double v, String example) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + v + "; e.g. " + example);
        }
    }

    private static void requireNonNegative(String name, double v, String example) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v + "; e.g. " + example);
        }
    }
}
