package gradlab.nn;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A module's state dict (PyTorch's {@code state_dict} / {@code load_state_dict}): every parameter and persistent
 * buffer of the tree by full dotted name, and the strict copy back. {@link Module#stateDict()} and
 * {@link Module#loadStateDict} call these.
 *
 * <p>Order, as PyTorch: depth first, each module's parameters, then its persistent buffers, then each child's state
 * under {@code "prefix.child"}. A module or parameter reached by two paths (shared, e.g. tied weights) is listed under
 * each of its names, so the keys match PyTorch's for the same architecture; a module already on the path from the
 * root (a back-reference) is skipped.
 */
public final class ModuleStateDict {

    private ModuleStateDict() {
    }

    /** What a non-strict load did not match (PyTorch's {@code _IncompatibleKeys}). */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    /** The state of {@code module}: detached views sharing storage with it (clone them to keep a snapshot). */
    public static Map<String, Tensor> of(Module module) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : targets(module).entrySet()) {
            out.put(e.getKey(), e.getValue().detach());
        }
        return out;
    }

    /** The live tensors behind the state dict's names. */
    private static Map<String, Tensor> targets(Module module) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", module, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collect(String prefix, Module module, Map<String, Tensor> out, Set<Module> path) {
        if (!path.add(module)) {
            return;
        }
        for (Map.Entry<String, Parameter> p : module.directParameters().entrySet()) {
            out.put(join(prefix, p.getKey()), p.getValue());
        }
        for (Map.Entry<String, Tensor> b : module.persistentBuffers().entrySet()) {
            out.put(join(prefix, b.getKey()), b.getValue());
        }
        for (Map.Entry<String, Module> child : module.namedChildren().entrySet()) {
            collect(join(prefix, child.getKey()), child.getValue(), out, path);
        }
        path.remove(module);
    }

    /**
     * Copies {@code state} into {@code module}'s parameters and buffers (converted to each target's dtype). Strict:
     * the keys must be exactly those of {@link #of}. Every shape must match in either mode. All problems are reported
     * in one error, and nothing is copied unless everything fits.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static LoadResult load(Module module, Map<String, ? extends Tensor> state, boolean strict) {
        if (state == null) {
            throw new IllegalArgumentException("loadStateDict: state is null; pass a map from name to tensor, e.g."
                    + " other.stateDict() or SafeTensors.load(path)");
        }
        Map<String, Tensor> targets = targets(module);
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Tensor> t : targets.entrySet()) {
            Tensor src = state.get(t.getKey());
            if (src == null) {
                missing.add(t.getKey());
            } else if (!Arrays.equals(src.shape(), t.getValue().shape())) {
                mismatches.add("size mismatch for " + t.getKey() + ": copying a tensor of shape "
                        + Shapes.str(src.shape()) + " from the state dict, but the shape in this module is "
                        + Shapes.str(t.getValue().shape()) + ".");
            }
        }
        for (String key : state.keySet()) {
            if (!targets.containsKey(key)) {
                unexpected.add(key);
            }
        }
        if (!mismatches.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder msg = new StringBuilder("Error(s) in loading state dict for ")
                    .append(module.getClass().getSimpleName()).append(':');
            if (strict && !missing.isEmpty()) {
                msg.append("\n    Missing key(s) in state dict: ").append(quoted(missing)).append('.');
            }
            if (strict && !unexpected.isEmpty()) {
                msg.append("\n    Unexpected key(s) in state dict: ").append(quoted(unexpected)).append('.');
            }
            for (String m : mismatches) {
                msg.append("\n    ").append(m);
            }
            msg.append("\n  The module's keys are ").append(quoted(new ArrayList<>(targets.keySet())))
                    .append(strict ? "; pass strict = false to load a partial state dict." : ".");
            throw new IllegalArgumentException(msg.toString());
        }
        try (var g = Tensor.noGrad()) {
            for (Map.Entry<String, Tensor> t : targets.entrySet()) {
                Tensor src = state.get(t.getKey());
                if (src != null) {
                    t.getValue().copyFrom(src);
                }
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(keys.get(i)).append('"');
        }
        return sb.toString();
    }
}
