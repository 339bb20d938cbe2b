package gradlab.optim;

import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
    }

    /** Wraps a plain list of tensors as the one group of an optimizer. */
    protected static List<ParamGroup> oneGroup(List<? extends Tensor> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list; pass the model's parameters");
        }
        return List.of(new ParamGroup(params));
    }

    /**
     * Adds a group (e.g. layers unfrozen during fine-tuning): fills its missing options from the defaults,
     * rejects unknown option names, and checks the values.
     */
    public void addParamGroup(ParamGroup group) {
        int index = paramGroups.size();
        for (String key : group.options().keySet()) {
            if (!defaults.containsKey(key) && !key.equals(INITIAL_LR)) {
                throw new IllegalArgumentException(name() + ": param group " + index + " sets unknown option '" + key
                        + "'; " + name() + "'s options are " + defaults.keySet());
            }
        }
        for (Map.Entry<String, Object> d : defaults.entrySet()) {
            if (!group.has(d.getKey())) {
                putOption(group, d.getKey(), d.getValue());
            }
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
        checkGroup(group, "param group " + index);
        paramGroups.add(group);
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

    /** One optimization step: updates every parameter that has a gradient, group by group. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public final void step() {
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
    }

    /**
     * PyTorch's {@code step(closure)}: calls {@code closure}, which must zero the gradients, compute the loss and call
     * {@code backward()} on it, then steps and returns the loss value. (Optimizers that re-evaluate the loss several
     * times per step, like L-BFGS, need this form; for the ones here it is a convenience.)
     */
    public final double step(Supplier<Tensor> closure) {
        Tensor loss = closure.get();
        step();
        return loss.item();
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
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public OptimizerStateDict stateDict() {
        Map<Integer, Map<String, Tensor>> packedState = new TreeMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        int index = 0;
        try (var noGrad = Tensor.noGrad()) {
            for (ParamGroup g : paramGroups) {
                Map<String, Object> packed = new LinkedHashMap<>(g.options());
                List<Integer> ids = new ArrayList<>();
                for (Tensor p : g.params()) {
                    Map<String, Tensor> s = state.get(p);
                    if (s != null && !s.isEmpty()) {
                        Map<String, Tensor> copy = new LinkedHashMap<>();
                        s.forEach((k, v) -> copy.put(k, v.clone()));
                        packedState.put(index, copy);
                    }
                    ids.add(index++);
                }
                packed.put("params", ids);
                groups.add(packed);
            }
        }
        return new OptimizerStateDict(packedState, groups);
    }

    /**
     * Restores state and group options saved by {@link #stateDict()} of an optimizer of the same kind built over the
     * same parameter shapes. Checks first and changes nothing on error: the number of groups, each group's number
     * and numbering of parameters, the option names, types and values (as the constructor checks them), and each
     * state tensor's shape (a parameter's shape, or a scalar for {@code "step"}) must match; the message names what
     * differs. Tensors are copied (to the parameter's dtype).
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public void loadStateDict(OptimizerStateDict dict) {
        List<Map<String, Object>> saved = dict.paramGroups();
        if (saved.size() != paramGroups.size()) {
            throw new IllegalArgumentException(name() + ".loadStateDict: the state dict has " + saved.size()
                    + " param groups but this optimizer has " + paramGroups.size() + "; build the optimizer with the"
                    + " same groups as the one that was saved");
        }
        List<Tensor> all = new ArrayList<>();
        List<Map<String, Object>> newOptions = new ArrayList<>();
        for (int gi = 0; gi < saved.size(); gi++) {
            Map<String, Object> sg = saved.get(gi);
            Object ids = sg.get("params");
            int savedCount = ids instanceof List<?> l ? l.size() : -1;
            int ownCount = paramGroups.get(gi).params().size();
            if (savedCount != ownCount) {
                throw new IllegalArgumentException(name() + ".loadStateDict: param group " + gi + " has " + savedCount
                        + " parameters in the state dict but " + ownCount + " in this optimizer");
            }
            List<Integer> expectedIds = new ArrayList<>();
            for (int k = 0; k < ownCount; k++) {
                expectedIds.add(all.size() + k);
            }
            if (!expectedIds.equals(ids)) {
                throw new IllegalArgumentException(name() + ".loadStateDict: param group " + gi + " lists parameters "
                        + ids + " but " + expectedIds + " were expected: a state dict numbers the parameters 0, 1, 2,"
                        + " ... through all groups in order, and its state is keyed by those numbers");
            }
            Map<String, Object> options = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : sg.entrySet()) {
                String key = e.getKey();
                if (key.equals("params")) {
                    continue;
                }
                if (!defaults.containsKey(key) && !key.equals(INITIAL_LR)) {
                    throw new IllegalArgumentException(name() + ".loadStateDict: param group " + gi
                            + " has option '" + key + "', which " + name() + " does not have (its options are "
                            + defaults.keySet() + "); was the dict saved from another kind of optimizer?");
                }
                Object v = e.getValue();
                boolean flag = defaults.get(key) instanceof Boolean;
                if (flag ? !(v instanceof Boolean) : !(v instanceof Number)) {
                    throw new IllegalArgumentException(name() + ".loadStateDict: param group " + gi + " has option '"
                            + key + "' = " + v + ", but " + name() + "'s " + key + " is " + (flag ? "a flag (true or"
                            + " false)" : "a number") + "; was the dict changed or saved by another optimizer?");
                }
                options.put(key, v instanceof Number n ? (Object) n.doubleValue() : v);
            }
            for (String key : defaults.keySet()) {
                if (!options.containsKey(key)) {
                    throw new IllegalArgumentException(name() + ".loadStateDict: param group " + gi
                            + " lacks option '" + key + "'; was the dict saved from another kind of optimizer?");
                }
            }
            ParamGroup probe = new ParamGroup(List.of());          // the values must pass the constructor's checks
            options.forEach((key, value) -> putOption(probe, key, value));
            checkGroup(probe, "param group " + gi + " of the state dict");
            newOptions.add(options);
            all.addAll(paramGroups.get(gi).params());
        }
        for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
            int id = e.getKey();
            if (id < 0 || id >= all.size()) {
                throw new IllegalArgumentException(name() + ".loadStateDict: state for parameter " + id
                        + ", but this optimizer has parameters 0.." + (all.size() - 1));
            }
            int[] shape = all.get(id).shape();
            for (Map.Entry<String, Tensor> s : e.getValue().entrySet()) {
                int[] got = s.getValue().shape();
                boolean ok = s.getKey().equals("step") ? got.length == 0 : Arrays.equals(got, shape);
                if (!ok) {
                    throw new IllegalArgumentException(name() + ".loadStateDict: state '" + s.getKey()
                            + "' of parameter " + id + " has shape " + Arrays.toString(got) + " but the parameter has"
                            + " shape " + Arrays.toString(shape) + (s.getKey().equals("step") ? " (and a step count"
                            + " is a scalar, shape [])" : "") + "; the saved model differs from this one");
                }
            }
        }
        // All checked: now change things.
        for (int gi = 0; gi < paramGroups.size(); gi++) {
            paramGroups.get(gi).replaceOptions(newOptions.get(gi));
        }
        state.clear();
        try (var noGrad = Tensor.noGrad()) {
            for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
                Tensor p = all.get(e.getKey());
                Map<String, Tensor> s = new LinkedHashMap<>();
                e.getValue().forEach((k, v) -> s.put(k, k.equals("step") ? v.clone() : v.to(p.dtype()).clone()));
                state.put(p, s);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void putOption(ParamGroup group, String key, Object value) {
        if (value instanceof Boolean b) {
            group.set(key, b);
        } else {
            group.set(key, ((Number) value).doubleValue());
        }
    }

    /** Throws unless {@code value >= 0}, naming the optimizer, option, value and where. */
    protected void requireNonNegative(ParamGroup group, String option, String where) {
        double v = group.getDouble(option);
        if (!(v >= 0.0)) {
            throw new IllegalArgumentException(name() + ": invalid " + option + " " + v + " in " + where + "; "
                    + option + " must be >= 0");
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
        Tensor step = state.get("step");
        double next = (step == null ? 0.0 : step.item()) + 1.0;
        state.put("step", Tensor.scalar(next));
        return next;
    }
}
