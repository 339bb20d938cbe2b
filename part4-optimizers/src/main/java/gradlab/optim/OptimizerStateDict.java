package gradlab.optim;

import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an optimizer needs to resume training exactly: PyTorch's {@code optimizer.state_dict()}.
 *
 * <ul>
 *   <li>{@code state}: per-parameter state, keyed by the parameter's position counting through all groups in order
 *       (0, 1, 2, ...), e.g. {@code {0: {"momentum_buffer": tensor}}} for SGD or {@code {"step", "exp_avg",
 *       "exp_avg_sq"}} for Adam. A parameter that has never been updated has no entry.</li>
 *   <li>{@code paramGroups}: one map per group holding its options ({@code lr}, {@code momentum}, ...) and, under
 *       {@code "params"}, the list of its parameters' positions.</li>
 * </ul>
 *
 * <p>Positions instead of tensors make the dict independent of the tensor objects: a new model and a new optimizer
 * built the same way load it. The tensors in a dict from {@link #of} are copies. {@link Optimizer#stateDict()} and
 * {@link Optimizer#loadStateDict} call {@link #of} and {@link #load}.
 */
public record OptimizerStateDict(Map<Integer, Map<String, Tensor>> state, List<Map<String, Object>> paramGroups) {

    /** The state and group options of {@code optimizer}, the tensors cloned. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static OptimizerStateDict of(Optimizer optimizer) {
        Map<Tensor, Map<String, Tensor>> byParameter = optimizer.stateByParameter();
        Map<Integer, Map<String, Tensor>> packedState = new TreeMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        int index = 0;
        try (var noGrad = Tensor.noGrad()) {
            for (ParamGroup g : optimizer.paramGroups()) {
                Map<String, Object> packed = new LinkedHashMap<>(g.options());
                List<Integer> ids = new ArrayList<>();
                for (Tensor p : g.params()) {
                    Map<String, Tensor> s = byParameter.get(p);
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
     * Restores {@code dict} into {@code optimizer} (of the kind that saved it, built over the same parameter shapes).
     * Checks first and changes nothing on error: the number of groups, each group's number and numbering of
     * parameters, the option names, types and values (as the constructor checks them), and each state tensor's
     * shape (a parameter's shape, or a scalar for {@code "step"}) must match; the message names what differs.
     * Tensors are copied (to the parameter's dtype).
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static void load(Optimizer optimizer, OptimizerStateDict dict) {
        String name = optimizer.name();
        if (dict == null || dict.paramGroups() == null || dict.state() == null) {
            throw new IllegalArgumentException(name + ".loadStateDict: the state dict is " + dict + "; pass one"
                    + " saved by stateDict() (or loaded by OptimizerStateFile.load)");
        }
        List<ParamGroup> paramGroups = optimizer.paramGroups();
        Map<String, Object> defaults = optimizer.defaults();
        List<Map<String, Object>> saved = dict.paramGroups();
        if (saved.size() != paramGroups.size()) {
            throw new IllegalArgumentException(name + ".loadStateDict: the state dict has " + saved.size()
                    + " param groups but this optimizer has " + paramGroups.size() + "; build the optimizer with the"
                    + " same groups as the one that was saved");
        }
        List<Tensor> all = new ArrayList<>();
        List<Map<String, Object>> newOptions = new ArrayList<>();
        for (int gi = 0; gi < saved.size(); gi++) {
            Map<String, Object> sg = saved.get(gi);
            if (sg == null) {
                throw new IllegalArgumentException(name + ".loadStateDict: param group " + gi + " of the state dict"
                        + " is null; pass a dict saved by stateDict()");
            }
            Object ids = sg.get("params");
            int savedCount = ids instanceof List<?> l ? l.size() : -1;
            int ownCount = paramGroups.get(gi).params().size();
            if (savedCount != ownCount) {
                throw new IllegalArgumentException(name + ".loadStateDict: param group " + gi + " has " + savedCount
                        + " parameters in the state dict but " + ownCount + " in this optimizer");
            }
            List<Integer> expectedIds = new ArrayList<>();
            for (int k = 0; k < ownCount; k++) {
                expectedIds.add(all.size() + k);
            }
            if (!expectedIds.equals(ids)) {
                throw new IllegalArgumentException(name + ".loadStateDict: param group " + gi + " lists parameters "
                        + ids + " but " + expectedIds + " were expected: a state dict numbers the parameters 0, 1, 2,"
                        + " ... through all groups in order, and its state is keyed by those numbers");
            }
            Map<String, Object> options = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : sg.entrySet()) {
                String key = e.getKey();
                if ("params".equals(key)) {
                    continue;
                }
                if (!defaults.containsKey(key) && !Optimizer.INITIAL_LR.equals(key)) {
                    throw new IllegalArgumentException(name + ".loadStateDict: param group " + gi
                            + " has option '" + key + "', which " + name + " does not have (its options are "
                            + defaults.keySet() + "); was the dict saved from another kind of optimizer?");
                }
                Object v = e.getValue();
                boolean flag = defaults.get(key) instanceof Boolean;
                if (flag ? !(v instanceof Boolean) : !(v instanceof Number)) {
                    throw new IllegalArgumentException(name + ".loadStateDict: param group " + gi + " has option '"
                            + key + "' = " + v + ", but " + name + "'s " + key + " is " + (flag ? "a flag (true or"
                            + " false)" : "a number") + "; was the dict changed or saved by another optimizer?");
                }
                options.put(key, v instanceof Number n ? (Object) n.doubleValue() : v);
            }
            for (String key : defaults.keySet()) {
                if (!options.containsKey(key)) {
                    throw new IllegalArgumentException(name + ".loadStateDict: param group " + gi
                            + " lacks option '" + key + "'; was the dict saved from another kind of optimizer?");
                }
            }
            optimizer.checkOptions(options, "param group " + gi + " of the state dict");
            newOptions.add(options);
            all.addAll(paramGroups.get(gi).params());
        }
        for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
            Integer id = e.getKey();
            if (id == null || id < 0 || id >= all.size() || e.getValue() == null) {
                throw new IllegalArgumentException(name + ".loadStateDict: state for parameter " + id + " = "
                        + e.getValue() + ", but this optimizer has parameters 0.." + (all.size() - 1)
                        + ", each with a map of state tensors");
            }
            int[] shape = all.get(id).shape();
            for (Map.Entry<String, Tensor> s : e.getValue().entrySet()) {
                if (s.getKey() == null || s.getValue() == null) {
                    throw new IllegalArgumentException(name + ".loadStateDict: state of parameter " + id + " has "
                            + s.getKey() + " = " + s.getValue() + "; every state entry needs a name and a tensor");
                }
                int[] got = s.getValue().shape();
                boolean ok = s.getKey().equals("step") ? got.length == 0 : Arrays.equals(got, shape);
                if (!ok) {
                    throw new IllegalArgumentException(name + ".loadStateDict: state '" + s.getKey()
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
        Map<Tensor, Map<String, Tensor>> state = optimizer.stateByParameter();
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
}
