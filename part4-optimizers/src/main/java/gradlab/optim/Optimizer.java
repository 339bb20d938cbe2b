package gradlab.optim;

import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The base of every optimizer (PyTorch's {@code torch.optim.Optimizer}): it holds parameter groups and
 * per-parameter state, and {@link #step()} updates every parameter that has a gradient.
 *
 * <p>A training step is always the same three calls:
 *
 * <pre>{@code
 * optimizer.zeroGrad();     // forget the last step's gradients
 * loss.backward();          // fill p.grad() for every parameter p
 * optimizer.step();         // p <- p - (something computed from p.grad() and the state)
 * }</pre>
 *
 * <p>What every optimizer shares, and subclasses don't repeat:
 *
 * <ul>
 *   <li><b>Parameter groups.</b> Each {@link ParamGroup} has its own options; options a group doesn't set come from
 *       the optimizer's defaults. A tensor may appear in only one group, and it must be a leaf.</li>
 *   <li><b>Frozen parameters.</b> A parameter whose {@code grad()} is null (it did not take part in the loss, or it
 *       has {@code requiresGrad(false)}) is skipped: no update and no state, as in PyTorch.</li>
 *   <li><b>No graph.</b> {@link #step()} runs under {@link Tensor#noGrad()} and changes parameters with in-place
 *       ops, so the update is not recorded and the parameter stays the same tensor (views of it see the change).</li>
 *   <li><b>State.</b> Momentum buffers, running averages and step counts live in a map per parameter, named as
 *       in PyTorch ({@code "momentum_buffer"}, {@code "exp_avg"}, {@code "step"}, ...); {@link #stateDict()} and
 *       {@link #loadStateDict} save and restore it with the group options, so training resumes bit for bit.</li>
 * </ul>
 */
public abstract class Optimizer {
    /** Option names every optimizer accepts besides its own: the scheduler's record of the starting lr. */
    public static final String INITIAL_LR = "initialLr";

    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();
    private long stepCount;

    /**
     * @param groups   the groups with their overrides (a group's missing options are filled from defaults)
     * @param defaults every option this optimizer has, with its default value (Double or Boolean)
     */
    protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException(name() + ": got an empty parameter list; pass the model's parameters"
                    + " (a non-empty list of tensors) or at least one ParamGroup");
        }
        try {
            for (ParamGroup g : groups) {
                addParamGroup(g);
            }
            checkOptions(defaults, "the default options");
        } catch (RuntimeException e) {
            paramGroups.forEach(g -> g.owner(null));         // a failed constructor leaves its groups free
            throw e;
        }
    }

    /** {@code options}, or an IllegalArgumentException naming the optimizer if it is null (for constructors). */
    protected static <T> T requireOptions(T options, String optimizer) {
        if (options == null) {
            throw new IllegalArgumentException(optimizer + ": options is null; pass " + optimizer + ".options()"
                    + " (PyTorch's defaults) with the values you change, e.g. " + optimizer + ".options()"
                    + (optimizer.equals("SGD") ? "" : ".lr(0.01)"));
        }
        return options;
    }

    /** Wraps a plain list of tensors as the one group of an optimizer. */
    protected static List<ParamGroup> oneGroup(List<? extends Tensor> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got " + (params == null ? "a null" : "an empty")
                    + " parameter list (params = " + params + "); pass the model's parameters, model.parameters()");
        }
        return List.of(new ParamGroup(params));
    }

    /**
     * Adds a group (e.g. layers unfrozen during fine-tuning): fills its missing options from the defaults,
     * rejects unknown option names, and checks the values.
     */
    public void addParamGroup(ParamGroup group) {
        int index = paramGroups.size();
        if (group == null) {
            throw new IllegalArgumentException(name() + ": param group " + index + " is null; pass new ParamGroup("
                    + "tensors), with the options it overrides set on it");
        }
        if (group.owner() != null) {
            throw new IllegalArgumentException(name() + ": param group " + index + " already belongs to "
                    + (group.owner() == this ? "this optimizer" : "another optimizer, " + group.owner().name())
                    + "; build a new ParamGroup for each optimizer");
        }
        for (String key : group.options().keySet()) {
            if (!defaults.containsKey(key) && !key.equals(INITIAL_LR)) {
                throw new IllegalArgumentException(name() + ": param group " + index + " sets unknown option '" + key
                        + "'; " + name() + "'s options are " + defaults.keySet());
            }
        }
        Map<String, Object> options = new LinkedHashMap<>(group.options());
        for (Map.Entry<String, Object> d : defaults.entrySet()) {
            options.putIfAbsent(d.getKey(), d.getValue());
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : paramGroups) {
            seen.addAll(g.params());
        }
        for (int i = 0; i < group.params().size(); i++) {
            Tensor p = group.params().get(i);
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name() + ": parameter " + i + " of param group " + index
                        + " is not a leaf (computed by " + p.gradFn().name() + "); an optimizer can only update"
                        + " leaf tensors: pass the tensor you created with requiresGrad(true)");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(name() + ": parameter " + i + " of param group " + index
                        + " already appears in another group (or twice in this one); each tensor may appear once");
            }
        }
        checkOptions(options, "param group " + index);
        group.replaceOptions(options);                      // all checked: fill in the defaults and adopt the group
        group.owner(this);
        paramGroups.add(group);
    }

    /**
     * Checks a whole set of option values (types and ranges) as the constructor does, without changing anything;
     * throws IllegalArgumentException naming the option, its value, {@code where} and the allowed form.
     */
    void checkOptions(Map<String, Object> options, String where) {
        ParamGroup probe = new ParamGroup(List.of());
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            boolean flag = defaults.get(key) instanceof Boolean;
            if (flag ? !(value instanceof Boolean) : !(value instanceof Number)) {
                throw new IllegalArgumentException(name() + ": option '" + key + "' in " + where + " is " + value
                        + ", but " + key + " is " + (flag ? "a flag (true or false)" : "a number"));
            }
            putOption(probe, key, value);
        }
        checkGroup(probe, where);
        if (probe.has(INITIAL_LR)) {
            requireNonNegative(probe, INITIAL_LR, where);
        }
    }

    /** Checks that {@code group} (one of this optimizer's) may take {@code value} for {@code key}, before it does. */
    void checkChange(ParamGroup group, String key, Object value) {
        int index = paramGroups.indexOf(group);
        String where = "param group " + index;
        if (key == null || (!defaults.containsKey(key) && !key.equals(INITIAL_LR))) {
            throw new IllegalArgumentException(name() + ": cannot set option '" + key + "' of " + where + "; "
                    + name() + "'s options are " + defaults.keySet() + " (and " + INITIAL_LR + ", which schedulers"
                    + " set)");
        }
        Map<String, Object> options = new LinkedHashMap<>(group.options());
        options.put(key, value);
        checkOptions(options, where);
    }

    /**
     * Checks a group's option values; throws IllegalArgumentException naming the option, its value, where it is
     * ({@code where} is e.g. "param group 1") and the allowed range.
     */
    protected abstract void checkGroup(ParamGroup group, String where);

    /**
     * Updates one parameter in place from its gradient (never null here) and its state map (empty on the first
     * step; the subclass fills it). Called under no-grad by {@link #step()}.
     */
    protected abstract void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Tensor> state);

    /**
     * One optimization step: updates every parameter that has a gradient, group by group. Every parameter's gradient
     * and state buffers are checked first, so a refused step (a gradient or state on another device, of another dtype
     * or shape) leaves every parameter and the step count as they were.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public final void step() {
        for (ParamGroup group : paramGroups) {
            for (Tensor p : group.params()) {
                if (p.grad() != null) {
                    checkOperands(p, p.grad(), state.get(p));
                }
            }
        }
        try (var noGrad = Tensor.noGrad()) {
            for (ParamGroup group : paramGroups) {
                for (Tensor p : group.params()) {
                    if (p.grad() == null) {
                        continue;
                    }
                    update(p, p.grad(), group, state.computeIfAbsent(p, k -> new LinkedHashMap<>()));
                }
            }
        }
        stepCount++;
    }

    /** The gradient and every state buffer of p (all but the scalar "step") must match p: device, dtype, shape. */
    private void checkOperands(Tensor p, Tensor grad, Map<String, Tensor> s) {
        OptimizerKernels.checkLike(name(), p, "the gradient", grad);
        if (s != null) {
            s.forEach((key, t) -> {
                if (!key.equals("step")) {
                    OptimizerKernels.checkLike(name(), p, "state '" + key + "'", t);
                }
            });
        }
    }

    /**
     * PyTorch's {@code step(closure)}: calls {@code closure}, which must zero the gradients, compute the loss and call
     * {@code backward()} on it, then steps and returns the loss value. (Optimizers that re-evaluate the loss several
     * times per step, like L-BFGS, need this form; for the ones here it is a convenience.)
     */
    public final double step(Supplier<Tensor> closure) {
        if (closure == null) {
            throw new IllegalArgumentException(name() + ".step: closure is null; pass () -> { zeroGrad(); Tensor loss"
                    + " = ...; loss.backward(); return loss; }, or call step() without one");
        }
        Tensor loss = closure.get();
        if (loss == null || loss.numel() != 1) {
            throw new IllegalStateException(name() + ".step: the closure returned " + (loss == null ? "null"
                    : "a tensor of shape " + Arrays.toString(loss.shape())) + " instead of the scalar loss, so no"
                    + " step was taken; end the closure with `return loss;` after loss.backward()");
        }
        step();
        return loss.item();
    }

    /** How many times {@link #step()} ran (a scheduler warns when it is stepped before its optimizer). */
    public final long stepCount() {
        return stepCount;
    }

    /** Sets every parameter's gradient to null (PyTorch's default {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears the gradients. {@code setToNone = true} sets them to null: the next backward allocates fresh ones,
     * and a parameter left out of the next loss keeps a null grad, so {@link #step()} skips it. {@code false}
     * fills the existing gradient tensors with zeros instead: a parameter left out of the loss then gets a zero
     * gradient, which still moves it under momentum or weight decay.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public void zeroGrad(boolean setToNone) {
        try (var noGrad = Tensor.noGrad()) {
            for (ParamGroup g : paramGroups) {
                for (Tensor p : g.params()) {
                    if (setToNone) {
                        p.setGrad(null);
                    } else if (p.grad() != null) {
                        p.grad().zero();
                    }
                }
            }
        }
    }

    /** The groups, in order (read-only list; a group's options can be changed, e.g. by a scheduler). */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /** The default options of this optimizer. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** The state of one parameter (read-only view; empty before its first update). */
    public Map<String, Tensor> state(Tensor param) {
        Map<String, Tensor> s = state.get(param);
        return s == null ? Map.of() : Collections.unmodifiableMap(s);
    }

    /** PyTorch-style summary, e.g. {@code SGD (group 0: 2 params, lr=0.1, momentum=0.9, ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            ParamGroup g = paramGroups.get(i);
            sb.append(i == 0 ? "" : "; ").append("group ").append(i).append(": ").append(g.params().size())
                    .append(" params");
            g.options().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        }
        return sb.append(')').toString();
    }

    /** The class name, used in messages ("SGD", "Adam", ...). */
    public String name() {
        return getClass().getSimpleName();
    }

    // ------------------------------------------------------------------------------------------ state dict

    /**
     * A copy of the state and the group options (see {@link OptimizerStateDict}). Unlike PyTorch, which returns
     * references, the tensors are cloned, so later steps don't change a dict you saved.
     */
    public OptimizerStateDict stateDict() {
        return OptimizerStateDict.of(this);
    }

    /**
     * Restores state and group options saved by {@link #stateDict()} of an optimizer of the same kind built over the
     * same parameter shapes; checks everything first and changes nothing on error (see
     * {@link OptimizerStateDict#load}).
     */
    public void loadStateDict(OptimizerStateDict dict) {
        OptimizerStateDict.load(this, dict);
    }

    /** The per-parameter state maps, by parameter identity (for {@link OptimizerStateDict}). */
    Map<Tensor, Map<String, Tensor>> stateByParameter() {
        return state;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void putOption(ParamGroup group, String key, Object value) {
        if (value instanceof Boolean b) {
            group.set(key, b);
        } else {
            group.set(key, ((Number) value).doubleValue());
        }
    }

    /** Throws unless {@code value} is finite and {@code >= 0}, naming the optimizer, option, value and where. */
    protected void requireNonNegative(ParamGroup group, String option, String where) {
        double v = group.getDouble(option);
        if (!(v >= 0.0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name() + ": invalid " + option + " " + v + " in " + where + "; "
                    + option + " must be a finite number >= 0");
        }
    }

    /** Throws unless {@code 0 <= value < 1}. */
    protected void requireInUnitInterval(ParamGroup group, String option, String where) {
        double v = group.getDouble(option);
        if (!(v >= 0.0 && v < 1.0)) {
            throw new IllegalArgumentException(name() + ": invalid " + option + " " + v + " in " + where + "; "
                    + option + " must be in [0, 1), e.g. 0.9");
        }
    }

    /**
     * The state tensor {@code key}, which the first update creates when {@code option} is on. Throws, naming both, if
     * it is missing: the option was turned on after the parameter's first step (PyTorch fails there too, with a
     * KeyError), or a state dict saved without it was loaded.
     */
    protected Tensor requireState(Map<String, Tensor> state, String key, String option) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalStateException(name() + ": a parameter's state has no '" + key + "', which " + option
                    + " needs; " + option + " was turned on after the parameter's first step (or a state dict saved"
                    + " without it was loaded). Set " + option + " when building the optimizer");
        }
        return t;
    }

    /** The scalar step count stored under "step" (0 before the first step), incremented and stored back. */
    protected static double incrementStep(Map<String, Tensor> state) {
        double next = nextStep(state);
        state.put("step", Tensor.scalar(next));
        return next;
    }

    /**
     * The number of the step about to be taken: the count stored under "step" (0 before the first step) plus 1,
     * without storing it (the fused updates store it once the update succeeded, so a refused update changes nothing).
     */
    protected static double nextStep(Map<String, Tensor> state) {
        Tensor step = state.get("step");
        return (step == null ? 0.0 : step.item()) + 1.0;
    }
}
