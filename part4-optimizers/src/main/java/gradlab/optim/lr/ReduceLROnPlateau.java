package gradlab.optim.lr;

import gradlab.optim.Optimizer;
import gradlab.optim.ParamGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the lr when a metric stops improving (PyTorch's {@code ReduceLROnPlateau}, 1.13). Call
 * {@link #step(double)} once per epoch with the validation loss (mode MIN) or accuracy (mode MAX):
 *
 * <pre>
 *   better(a, best) = a &lt; best * (1 - threshold)    mode MIN, threshold REL
 *                     a &lt; best - threshold          mode MIN, threshold ABS
 *                     a &gt; best * (1 + threshold)    mode MAX, threshold REL
 *                     a &gt; best + threshold          mode MAX, threshold ABS
 *   if better(metric, best): best = metric, badEpochs = 0   else badEpochs += 1
 *   if in cooldown:          cooldown -= 1, badEpochs = 0   (bad epochs right after a cut don't count)
 *   if badEpochs &gt; patience: for each group, newLr = max(lr * factor, minLr); applied only if
 *                            lr - newLr &gt; eps; then cooldown = cooldownEpochs, badEpochs = 0
 * </pre>
 *
 * <p>So with patience 2 the lr is cut at the third epoch in a row without improvement. {@code best} starts at +inf
 * (MIN) or -inf (MAX).
 */
public final class ReduceLROnPlateau implements Scheduler {
    /** Whether a lower metric (loss) or a higher one (accuracy) is better. */
    public enum Mode { MIN, MAX }

    /** Whether "improvement" is relative to best (REL) or an absolute difference (ABS). */
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private List<Double> lastLr = List.of();

    /** With the given options (see {@link #options()} for PyTorch's defaults). */
    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (optimizer == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau: optimizer is null; pass the optimizer whose"
                    + " learning rate it reduces");
        }
        if (o == null || o.mode == null || o.thresholdMode == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau: options " + (o == null ? "are null" : "have mode "
                    + o.mode + " and thresholdMode " + o.thresholdMode) + "; pass ReduceLROnPlateau.options() with"
                    + " the settings you change");
        }
        requireFiniteNonNegative("threshold", o.threshold);
        requireFiniteNonNegative("eps", o.eps);
        requireFiniteNonNegative("minLr", o.minLr);
        if (o.minLrs != null) {
            for (double m : o.minLrs) {
                requireFiniteNonNegative("minLrs", m);
            }
        }
        if (!(o.factor < 1.0) || !(o.factor >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor is " + o.factor + "; it must be in [0, 1)"
                    + " (the lr is multiplied by it, e.g. 0.1)");
        }
        if (o.patience < 0 || o.cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience (" + o.patience + ") and cooldown ("
                    + o.cooldown + ") must be >= 0 epochs");
        }
        int groups = optimizer.paramGroups().size();
        if (o.minLrs != null && o.minLrs.length != groups) {
            throw new IllegalArgumentException("ReduceLROnPlateau: expected " + groups + " minLrs (one per param"
                    + " group), got " + o.minLrs.length);
        }
        this.optimizer = optimizer;
        this.mode = o.mode;
        this.factor = o.factor;
        this.patience = o.patience;
        this.threshold = o.threshold;
        this.thresholdMode = o.thresholdMode;
        this.cooldown = o.cooldown;
        this.eps = o.eps;
        this.minLrs = new double[groups];
        for (int i = 0; i < groups; i++) {
            minLrs[i] = o.minLrs == null ? o.minLr : o.minLrs[i];
        }
        this.best = worst();
    }

    private static void requireFiniteNonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("ReduceLROnPlateau: " + name + " is " + value + "; it must be a finite"
                    + " number >= 0");
        }
    }

    /** With PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, options());
    }

    /** PyTorch's defaults: MIN, factor 0.1, patience 10, threshold 1e-4 REL, cooldown 0, minLr 0, eps 1e-8. */
    public static Options options() {
        return new Options();
    }

    /** Records this epoch's metric and cuts the lr if it has not improved for more than {@code patience} epochs. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        List<Double> last = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            last.add(g.lr());
        }
        lastLr = List.copyOf(last);
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double old = groups.get(i).lr();
            double next = Math.max(old * factor, minLrs[i]);
            if (old - next > eps) {
                groups.get(i).setLr(next);
            }
        }
    }

    private boolean isBetter(double a, double best) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
    }

    private double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** The lr of each group after the last step. */
    @Override
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** The best metric seen so far. */
    public double best() {
        return best;
    }

    /** Epochs in a row without improvement (reset by a cut or cooldown). */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    /** The counters: {@code best}, {@code numBadEpochs}, {@code cooldownCounter}, {@code lastEpoch}, {@code lastLr}. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scheduler", "ReduceLROnPlateau");
        d.put("best", best);
        d.put("numBadEpochs", numBadEpochs);
        d.put("cooldownCounter", cooldownCounter);
        d.put("lastEpoch", lastEpoch);
        d.put("lastLr", lastLr);
        return d;
    }

    /** Restores what {@link #stateDict()} saved; checks every entry first and changes nothing on error. */
    @Override
    public void loadStateDict(Map<String, Object> dict) {
        String name = "ReduceLROnPlateau";
        SchedulerStates.requireKind(dict, name);
        double savedBest = SchedulerStates.doubleValue(dict, "best", name);
        int savedBad = SchedulerStates.intValue(dict, "numBadEpochs", name);
        int savedCooldown = SchedulerStates.intValue(dict, "cooldownCounter", name);
        int savedEpoch = SchedulerStates.intValue(dict, "lastEpoch", name);
        Object last = dict.get("lastLr");
        // lastLr is empty until the first step(metric)
        List<Double> savedLast = last instanceof List<?> l && l.isEmpty() ? List.of()
                : SchedulerStates.doubles(dict, "lastLr", minLrs.length, name);
        best = savedBest;
        numBadEpochs = savedBad;
        cooldownCounter = savedCooldown;
        lastEpoch = savedEpoch;
        lastLr = List.copyOf(savedLast);
    }

    /** ReduceLROnPlateau's options with PyTorch's defaults. */
    public static final class Options {
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double minLr;
        private double[] minLrs;
        private double eps = 1e-8;

        private Options() {
        }

        /** MIN for a loss, MAX for an accuracy (default MIN). */
        public Options mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** lr = lr * factor at a cut (default 0.1). */
        public Options factor(double factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement tolerated before a cut (default 10). */
        public Options patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** How much better counts as better (default 1e-4, relative). */
        public Options threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** REL: better than best * (1 -+ threshold); ABS: better than best -+ threshold (default REL). */
        public Options thresholdMode(ThresholdMode thresholdMode) {
            this.thresholdMode = thresholdMode;
            return this;
        }

        /** Epochs after a cut during which bad epochs are not counted (default 0). */
        public Options cooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** A lower bound on every group's lr (default 0). */
        public Options minLr(double minLr) {
            this.minLr = minLr;
            this.minLrs = null;
            return this;
        }

        /** One lower bound per param group. */
        public Options minLrs(double... minLrs) {
            this.minLrs = minLrs.clone();
            return this;
        }

        /** Cuts smaller than this are skipped (default 1e-8). */
        public Options eps(double eps) {
            this.eps = eps;
            return this;
        }
    }
}
