package gradlab.nn;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Device;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A piece of a network (PyTorch's {@code nn.Module}): it computes {@link #forward}, owns {@link Parameter}s and
 * buffers, and holds submodules, so a whole model is a tree of modules.
 *
 * <p><b>Registration.</b> Submodules and parameters held in fields register themselves: every instance field (of the
 * class and its superclasses below Module, superclass fields first, in declaration order) whose value is a
 * {@code Module} or a {@code Parameter} is registered under the field's name. Others are added with
 * {@link #registerModule} and {@link #registerParameter} (listed after the fields, in registration order); buffers
 * (state that is saved but not trained, like BatchNorm's running mean) with {@link #registerBuffer}. A field holding
 * modules in a plain Java {@code List}, array or {@code Map} is an error (they would be invisible): use
 * {@link ModuleList}.
 *
 * <p><b>Names.</b> A parameter's full name is the path of field/registration names from the root, joined by dots:
 * {@code layers.0.weight} is the {@code weight} of child {@code 0} of child {@code layers}. A module or parameter
 * reached twice (shared) is listed once, under its first name.
 *
 * <pre>
 *   class Mlp extends Module {
 *       final Linear fc1 = new Linear(2, 16);
 *       final Linear fc2 = new Linear(16, 1);
 *       public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 *   }
 *   new Mlp().namedParameters().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * </pre>
 */
public abstract class Module {
    private final Map<String, Module> registeredModules = new LinkedHashMap<>();
    private final Map<String, Parameter> registeredParameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistentBuffers = new HashSet<>();
    private boolean training = true;

    /** The computation: the output for {@code input} (PyTorch's {@code forward}). */
    public abstract Tensor forward(Tensor input);

    /**
     * Runs {@link #forward} (PyTorch's {@code model(x)}, its {@code __call__}), guarded: a module whose forward calls
     * itself, directly or through other modules, fails with a message naming the modules that repeat instead of a
     * StackOverflowError. {@link Sequential} calls its children this way. Forwards that call each other's
     * {@code forward} directly cannot be counted (Java gives no hook around an overridden method), so they run until
     * the stack is exhausted; the outermost {@code call} then reports the cycle it reads from the stack trace, with
     * each module's path in this tree. A top-level {@code model.forward(x)} gets no such report: run models with
     * {@code model.call(x)}, as the trainers and checkers here do.
     */
    @SuppressWarnings("java:S1181") // a stack overflow here is the forward recursion this method reports
    public final Tensor call(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".call: input is null; pass a tensor");
        }
        int outer = ForwardGuard.enter(this);
        try {
            return forward(input);
        } catch (StackOverflowError e) {
            if (outer > 0) {
                throw e;                          // unwind to the outermost call, which has the stack to report it
            }
            throw ForwardGuard.stackOverflow(this, e);
        } finally {
            ForwardGuard.exitTo(outer);
        }
    }

    // -------------------------------------------------------------------------------------------- registration

    /** Registers {@code module} as the child {@code name}; returns it: {@code x = registerModule("x", ...)}. */
    public final <M extends Module> M registerModule(String name, M module) {
        checkName("registerModule", name);
        if (module == null) {
            throw new IllegalArgumentException("registerModule: module '" + name + "' is null");
        }
        if (module == this) {
            throw new IllegalArgumentException("registerModule: a module cannot be its own child ('" + name + "')");
        }
        checkNoCycle(name, module);
        checkFree("registerModule", name, registeredModules);
        registeredModules.put(name, module);
        return module;
    }

    /** Refuses a child whose subtree already holds this module: the tree would contain itself. */
    private void checkNoCycle(String name, Module child) {
        for (Map.Entry<String, Module> e : child.namedModules().entrySet()) {
            if (e.getValue() == this) {
                String self = getClass().getSimpleName();
                String other = child.getClass().getSimpleName();
                throw new IllegalArgumentException("registerModule: cannot add " + other + "@"
                        + Integer.toHexString(System.identityHashCode(child)) + " as child '" + name + "' of " + self
                        + "@" + Integer.toHexString(System.identityHashCode(this)) + ": that " + other
                        + " already contains this " + self + " (as its submodule '" + e.getKey() + "'), so the tree"
                        + " would contain itself and forward, parameters() and stateDict() would never end. Add a new"
                        + " module instead, or share the layers (not the containers)");
            }
        }
    }

    /** Registers {@code parameter} under {@code name}; returns it. */
    public final Parameter registerParameter(String name, Parameter parameter) {
        checkName("registerParameter", name);
        if (parameter == null) {
            throw new IllegalArgumentException("registerParameter: parameter '" + name + "' is null");
        }
        checkFree("registerParameter", name, registeredParameters);
        registeredParameters.put(name, parameter);
        return parameter;
    }

    /**
     * Registers a buffer: a tensor that is part of the module's state (saved in {@link #stateDict()}, moved by
     * {@link #loadStateDict}) but is not a parameter, so no optimizer trains it, e.g. BatchNorm's running mean.
     * Registering an existing buffer name again replaces it. Returns the tensor.
     */
    public final Tensor registerBuffer(String name, Tensor buffer) {
        return registerBuffer(name, buffer, true);
    }

    /** As {@link #registerBuffer(String, Tensor)}; a non-persistent buffer is left out of the state dict. */
    public final Tensor registerBuffer(String name, Tensor buffer, boolean persistent) {
        checkName("registerBuffer", name);
        if (buffer == null) {
            throw new IllegalArgumentException("registerBuffer: buffer '" + name + "' is null");
        }
        if (buffer instanceof Parameter) {
            throw new IllegalArgumentException("registerBuffer: '" + name + "' is a Parameter; a buffer is state that"
                    + " is not trained. Use registerParameter, or pass a plain tensor (p.detach())");
        }
        if (!buffers.containsKey(name)) {
            checkFree("registerBuffer", name, buffers);
        }
        buffers.put(name, buffer);
        if (persistent) {
            nonPersistentBuffers.remove(name);
        } else {
            nonPersistentBuffers.add(name);
        }
        return buffer;
    }

    /** The buffer registered directly on this module under {@code name}. */
    public final Tensor buffer(String name) {
        Tensor b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'; it has "
                    + buffers.keySet());
        }
        return b;
    }

    private static void checkName(String what, String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(what + ": name '" + name + "' must be non-empty and contain no '.'"
                    + " (dots join the names of nested modules)");
        }
    }

    private void checkFree(String what, String name, Map<String, ?> own) {
        Map<String, Module> fieldModules = new LinkedHashMap<>();
        Map<String, Parameter> fieldParameters = new LinkedHashMap<>();
        FieldRegistry.scan(this, fieldModules, fieldParameters, registered());
        if (own.containsKey(name) || registeredModules.containsKey(name) || registeredParameters.containsKey(name)
                || buffers.containsKey(name) || fieldModules.containsKey(name) || fieldParameters.containsKey(name)) {
            throw new IllegalArgumentException(what + ": " + getClass().getSimpleName() + " already has a module,"
                    + " parameter or buffer named '" + name + "'; choose another name");
        }
    }

    // -------------------------------------------------------------------------------------------- the tree

    /** This module's direct children by name: fields first, then registered modules. */
    public final Map<String, Module> namedChildren() {
        Map<String, Module> modules = new LinkedHashMap<>();
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        FieldRegistry.scan(this, modules, parameters, registered());
        return Collections.unmodifiableMap(merge(modules, registeredModules));
    }

    /** This module's direct children. */
    public final List<Module> children() {
        return List.copyOf(namedChildren().values());
    }

    /** The parameters registered directly on this module (not its children's), by name. */
    Map<String, Parameter> directParameters() {
        Map<String, Module> modules = new LinkedHashMap<>();
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        FieldRegistry.scan(this, modules, parameters, registered());
        return merge(parameters, registeredParameters);
    }

    private List<Object> registered() {
        List<Object> all = new ArrayList<>(registeredModules.values());
        all.addAll(registeredParameters.values());
        return all;
    }

    private <T> Map<String, T> merge(Map<String, T> fromFields, Map<String, T> registered) {
        Map<String, T> all = new LinkedHashMap<>(fromFields);
        for (Map.Entry<String, T> e : registered.entrySet()) {
            if (all.containsKey(e.getKey())) {
                throw new IllegalStateException(getClass().getSimpleName() + " has a field named '" + e.getKey()
                        + "' and also registered something else under that name; rename one of them");
            }
            all.put(e.getKey(), e.getValue());
        }
        return all;
    }

    /**
     * Every module of the tree, this one first (named ""), then each child's subtree in order (depth first), named
     * by dotted paths: {@code "", "layers", "layers.0", ...}. A module reached twice is listed once.
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(out);
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        out.put(prefix, m);
        for (Map.Entry<String, Module> child : m.namedChildren().entrySet()) {
            collectModules(join(prefix, child.getKey()), child.getValue(), out, seen);
        }
    }

    /** Every module of the tree, this one first. */
    public final List<Module> modules() {
        return List.copyOf(namedModules().values());
    }

    /**
     * Every parameter of this module and its submodules, by full dotted name ({@code "layers.0.weight"}), each
     * parameter once even if shared. Frozen parameters ({@code requiresGrad(false)}) are listed too.
     */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Parameter> p : m.getValue().directParameters().entrySet()) {
                if (seen.add(p.getValue())) {
                    out.put(join(m.getKey(), p.getKey()), p.getValue());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every parameter of this module and its submodules, each once: what an optimizer is given. */
    public final List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of this module and its submodules, by full dotted name (non-persistent ones too). */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet()) {
                if (seen.add(b.getValue())) {
                    out.put(join(m.getKey(), b.getKey()), b.getValue());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // -------------------------------------------------------------------------------------------- modes, grads

    /**
     * Moves every parameter and buffer (and their gradients) to {@code device}, in place: the same Parameter objects
     * hold the moved data, so an optimizer made before still updates them (PyTorch's {@code module.to(device)}).
     * Returns this module.
     */
    public final Module to(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("to: device is null; pass a device such as CpuDevice.INSTANCE");
        }
        return convert(t -> t.to(device));
    }

    /**
     * Converts every parameter and buffer (and their gradients) to {@code dtype}, in place, as {@link #to(Device)}:
     * {@code new Linear(784, 100).to(DType.FLOAT32)} is a float32 layer.
     */
    public final Module to(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("to: dtype is null; pass DType.FLOAT32 or DType.FLOAT64");
        }
        return convert(t -> t.to(dtype));
    }

    private Module convert(UnaryOperator<Tensor> conversion) {
        for (Map.Entry<String, Tensor> b : namedBuffers().entrySet()) { // checked first: nothing moves if one fails
            if (!b.getValue().isLeaf()) {
                throw new IllegalStateException("to: buffer '" + b.getKey() + "' was computed by "
                        + b.getValue().gradFn().name() + " and cannot be moved in place; register a detached copy"
                        + " (registerBuffer(name, t.detach()))");
            }
        }
        try (var g = Tensor.noGrad()) {
            for (Parameter p : parameters()) {
                p.setData(conversion.apply(p.detach()));
            }
            for (Tensor b : namedBuffers().values()) {
                b.setData(conversion.apply(b.detach()));
            }
        }
        return this;
    }

    /** Sets training mode on this module and every submodule (dropout drops, batch norm uses batch statistics). */
    public Module train(boolean mode) {
        for (Module m : modules()) {
            m.training = mode;
        }
        return this;
    }

    /** {@code train(true)}. */
    public final Module train() {
        return train(true);
    }

    /** {@code train(false)}: evaluation mode (dropout is the identity, batch norm uses its running statistics). */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode (modules start in training mode, as in PyTorch). */
    public final boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient (sets it to null, as PyTorch's {@code zero_grad()} does by default). */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Sets requiresGrad on every parameter; {@code false} freezes the module (PyTorch's {@code requires_grad_}). */
    public final Module requiresGrad(boolean value) {
        for (Parameter p : parameters()) {
            p.requiresGrad(value);
        }
        return this;
    }

    // -------------------------------------------------------------------------------------------- state dict

    /**
     * The module's state: every parameter and persistent buffer by full dotted name, in tree order (each module's
     * parameters, then its buffers, then its children), as detached views sharing storage with the module; see
     * {@link ModuleStateDict}.
     */
    public final Map<String, Tensor> stateDict() {
        return ModuleStateDict.of(this);
    }

    /** Copies {@code state} in, strictly (same keys, same shapes), or changes nothing; see {@link ModuleStateDict}. */
    public final ModuleStateDict.LoadResult loadStateDict(Map<String, ? extends Tensor> state) {
        return ModuleStateDict.load(this, state, true);
    }

    /** Copies {@code state} in; {@code strict = false} allows and returns missing and unexpected keys. */
    public final ModuleStateDict.LoadResult loadStateDict(Map<String, ? extends Tensor> state, boolean strict) {
        return ModuleStateDict.load(this, state, strict);
    }

    /** The buffers registered directly on this module that belong in the state dict, by name. */
    Map<String, Tensor> persistentBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>(buffers);
        out.keySet().removeAll(nonPersistentBuffers);
        return out;
    }

    // -------------------------------------------------------------------------------------------- printing

    /** The settings printed between the parentheses, e.g. {@code inFeatures=2, outFeatures=3, bias=true}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch-style: {@code Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n)}. */
    @Override
    public String toString() {
        return describe(Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** The printout, with a module already on the path from the root (a cycle) shown as {@code <cycle>}. */
    private String describe(Set<Module> path) {
        String name = getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
        if (!path.add(this)) {
            return name + "(<cycle>)";
        }
        Map<String, Module> children = namedChildren();
        StringBuilder sb = new StringBuilder(name).append('(');
        if (children.isEmpty()) {
            sb.append(extraRepr()).append(')');
        } else {
            if (!extraRepr().isEmpty()) {
                sb.append("\n  ").append(extraRepr());
            }
            for (Map.Entry<String, Module> c : children.entrySet()) {
                sb.append("\n  (").append(c.getKey()).append("): ")
                        .append(c.getValue().describe(path).replace("\n", "\n  "));
            }
            sb.append("\n)");
        }
        path.remove(this);
        return sb.toString();
    }
}
