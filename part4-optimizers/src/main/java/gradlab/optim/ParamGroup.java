package gradlab.optim;

import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of parameters that share hyper-parameters: one entry of PyTorch's {@code optimizer.param_groups}.
 *
 * <p>An optimizer holds one or more groups. Each group has its tensors and its own options ({@code lr},
 * {@code weightDecay}, {@code momentum}, ...). When you build a group you set only the options it overrides; the
 * optimizer fills the rest from its defaults:
 *
 * <pre>{@code
 * var groups = List.of(
 *         new ParamGroup(backbone),                      // uses the optimizer's lr = 0.01
 *         new ParamGroup(head).set("lr", 0.1));          // overrides lr for the head only
 * SGD sgd = SGD.ofGroups(groups, SGD.options(0.01).momentum(0.9));
 * }</pre>
 *
 * <p>Option values are {@code Double} or {@code Boolean}. Schedulers change a group's learning rate through
 * {@link #setLr(double)}; a scheduler also records {@code initialLr} here, as PyTorch records {@code initial_lr}.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();
    /** The optimizer this group was added to, which checks every change of an option; null before. */
    private Optimizer owner;

    /** A group of these tensors with no option set yet (the optimizer supplies its defaults). */
    public ParamGroup(List<? extends Tensor> params) {
        if (params == null) {
            throw new IllegalArgumentException("ParamGroup: params is null; pass the list of tensors to optimize");
        }
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        for (int i = 0; i < this.params.size(); i++) {
            if (this.params.get(i) == null) {
                throw new IllegalArgumentException("ParamGroup: parameter " + i + " is null");
            }
        }
    }

    /** The group's tensors, in order (read-only). */
    public List<Tensor> params() {
        return params;
    }

    /**
     * Sets a numeric option (e.g. {@code "lr"}, {@code "weightDecay"}); returns this group for chaining. Once the
     * group belongs to an optimizer, the new value is checked as the optimizer's constructor checks it (name, type,
     * range), and an invalid one is refused with nothing changed.
     */
    public ParamGroup set(String name, double value) {
        return put(name, value);
    }

    /** Sets a flag option (e.g. {@code "nesterov"}, {@code "amsgrad"}); checked like {@link #set(String, double)}. */
    public ParamGroup set(String name, boolean value) {
        return put(name, value);
    }

    private ParamGroup put(String name, Object value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("ParamGroup.set: option name is '" + name + "'; pass an option name"
                    + " such as \"lr\"");
        }
        if (owner != null) {
            owner.checkChange(this, name, value);
        }
        options.put(name, value);
        return this;
    }

    /** Whether this group has the option set. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** The value of a numeric option. */
    public double getDouble(String name) {
        Object v = require(name);
        if (!(v instanceof Double d)) {
            throw new IllegalStateException("ParamGroup: option '" + name + "' is " + v + " (a flag), not a number");
        }
        return d;
    }

    /** The value of a flag option. */
    public boolean getBoolean(String name) {
        Object v = require(name);
        if (!(v instanceof Boolean b)) {
            throw new IllegalStateException("ParamGroup: option '" + name + "' is " + v + " (a number), not a flag");
        }
        return b;
    }

    /** The group's current learning rate. */
    public double lr() {
        return getDouble("lr");
    }

    /** Changes the group's learning rate (what a scheduler does); checked like {@link #set(String, double)}. */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /** The options, in insertion order (read-only view). */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** Replaces all options, already checked (used by {@link Optimizer#addParamGroup} and loadStateDict). */
    void replaceOptions(Map<String, Object> newOptions) {
        options.clear();
        options.putAll(newOptions);
    }

    Optimizer owner() {
        return owner;
    }

    void owner(Optimizer optimizer) {
        owner = optimizer;
    }

    private Object require(String name) {
        Object v = options.get(name);
        if (v == null) {
            throw new IllegalStateException("ParamGroup: no option '" + name + "'; this group has " + options.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, " + options + ")";
    }
}
