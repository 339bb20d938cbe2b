package gradlab.optim.lr;

import gradlab.optim.Optimizer;
import gradlab.optim.ParamGroup;
import gradlab.optim.Warnings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of epoch-based learning-rate schedulers (PyTorch's {@code torch.optim.lr_scheduler._LRScheduler},
 * 1.13). A scheduler changes each param group's {@code lr}; you call {@link #step()} once per epoch (or per
 * iteration), <em>after</em> {@code optimizer.step()}:
 *
 * <pre>{@code
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(...);               // zeroGrad, backward, optimizer.step() for every batch
 *     scheduler.step();         // epoch -> epoch + 1, new lr for the next epoch
 * }
 * }</pre>
 *
 * <p>The counter {@code lastEpoch} starts at -1; building the scheduler takes the first step (to epoch 0), which
 * records each group's starting lr as {@code initialLr} (the base lrs) and sets the lr for epoch 0. Like PyTorch,
 * {@link #computeLr()} is <i>chainable</i>: it computes the new lr from the group's current lr (e.g. "multiply by
 * gamma every stepSize epochs"), so two schedulers on one optimizer multiply their effects. The closed forms given
 * in each subclass hold when the scheduler is the only thing changing the lr.
 *
 * <p>State ({@link #stateDict()}): lastEpoch, the step count, the base lrs and the last lrs. The lr itself lives in
 * the optimizer's groups, so to resume save both state dicts; build the optimizer and the scheduler as before,
 * then load the optimizer's dict and then the scheduler's (building a scheduler changes the lr, loading restores
 * it).
 */
public abstract class LRScheduler implements Scheduler {
    protected final Optimizer optimizer;
    private final List<Double> baseLrs = new ArrayList<>();
    private int lastEpoch = -1;
    private int stepCount;
    private List<Double> lastLr = List.of();

    /**
     * Keeps the optimizer; the subclass checks its own arguments and then must call {@link #initialStep()} at the end
     * of its constructor, so a refused argument leaves the optimizer untouched.
     */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null; pass the optimizer"
                    + " whose learning rate it schedules");
        }
        this.optimizer = optimizer;
    }

    /**
     * Records each group's starting lr as {@code initialLr} (the base lrs) and takes the first step, to epoch 0
     * (PyTorch's {@code _initial_step}); call it last in a constructor, after checking the arguments.
     */
    protected final void initialStep() {
        for (ParamGroup g : optimizer.paramGroups()) {
            if (!g.has(Optimizer.INITIAL_LR)) {
                g.set(Optimizer.INITIAL_LR, g.lr());
            }
            baseLrs.add(g.getDouble(Optimizer.INITIAL_LR));
        }
        step();
    }

    /** {@code gamma}, or an IllegalArgumentException naming the scheduler unless it is a finite number &gt;= 0. */
    protected final double checkGamma(double gamma) {
        if (!(gamma >= 0) || gamma == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": gamma is " + gamma + "; it must be a"
                    + " finite number >= 0 (the factor the lr is multiplied by, e.g. 0.1)");
        }
        return gamma;
    }

    /**
     * The lr of each group for the epoch {@link #lastEpoch()} just reached, computed from the groups' current lrs
     * (chainable form).
     */
    protected abstract double[] computeLr();

    /** Moves to the next epoch and sets each group's lr for it. */
    public void step() {
        if (stepCount == 1 && optimizer.stepCount() == 0) {
            Warnings.warnOnce("scheduler stepped before optimizer", "Detected a call of " + getClass().getSimpleName()
                    + ".step() before " + optimizer.name() + ".step(). Call optimizer.step() first, then"
                    + " scheduler.step(); otherwise the first value of the learning-rate schedule is skipped (as"
                    + " PyTorch warns since 1.1.0)");
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] before = currentLrs();
        stepCount++;
        lastEpoch++;
        double[] lrs = computeLr();
        try {
            for (int i = 0; i < groups.size(); i++) {
                groups.get(i).setLr(lrs[i]);
            }
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < groups.size(); i++) {
                groups.get(i).setLr(before[i]);
            }
            stepCount--;
            lastEpoch--;
            throw new IllegalStateException(getClass().getSimpleName() + ".step: the schedule gives the learning"
                    + " rates " + java.util.Arrays.toString(lrs) + " for epoch " + (lastEpoch + 1) + ", which the"
                    + " optimizer refuses (" + e.getMessage() + "); nothing was changed. Check the scheduler's"
                    + " arguments", e);
        }
        List<Double> last = new ArrayList<>();
        for (ParamGroup g : groups) {
            last.add(g.lr());
        }
        lastLr = List.copyOf(last);
    }

    /** The lr of each group set by the last {@link #step()} (PyTorch's {@code get_last_lr()}). */
    @Override
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** The epoch reached (0 right after construction). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** How many times step() ran, the constructor's included. */
    protected int stepCount() {
        return stepCount;
    }

    /** Each group's lr when the scheduler was first built ({@code initialLr}). */
    public List<Double> baseLrs() {
        return List.copyOf(baseLrs);
    }

    /** The group's current lrs. */
    protected double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = groups.get(i).lr();
        }
        return lrs;
    }

    /** The counters and lrs: {@code lastEpoch}, {@code stepCount}, {@code baseLrs}, {@code lastLr}. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scheduler", getClass().getSimpleName());
        d.put("lastEpoch", lastEpoch);
        d.put("stepCount", stepCount);
        d.put("baseLrs", List.copyOf(baseLrs));
        d.put("lastLr", lastLr);
        return d;
    }

    /**
     * Restores what {@link #stateDict()} saved. The scheduler kind must match and every entry must be there with its
     * type (one base lr and one last lr per param group); it checks all of them before it changes anything.
     */
    @Override
    public void loadStateDict(Map<String, Object> dict) {
        String name = getClass().getSimpleName();
        SchedulerStates.requireKind(dict, name);
        int savedLastEpoch = SchedulerStates.intValue(dict, "lastEpoch", name);
        int savedStepCount = SchedulerStates.intValue(dict, "stepCount", name);
        List<Double> savedBase = SchedulerStates.doubles(dict, "baseLrs", baseLrs.size(), name);
        List<Double> savedLast = SchedulerStates.doubles(dict, "lastLr", baseLrs.size(), name);
        lastEpoch = savedLastEpoch;
        stepCount = savedStepCount;
        baseLrs.clear();
        baseLrs.addAll(savedBase);
        lastLr = List.copyOf(savedLast);
    }
}
