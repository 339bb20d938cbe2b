package gradlab.nn;

import gradlab.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Modules applied one after the other (PyTorch's {@code nn.Sequential}): {@code forward(x) = mN(...m1(m0(x)))}. The
 * children are named "0", "1", ..., so the first layer's weight is {@code "0.weight"}.
 * <pre>
 *   Sequential mlp = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 1));
 * </pre>
 */
public final class Sequential extends Module implements Iterable<Module> {

    /** The given modules, applied in order (none: the identity). */
    public Sequential(Module... modules) {
        this(modules == null ? null : Arrays.asList(modules));
    }

    /** The given modules, applied in order. */
    public Sequential(List<? extends Module> modules) {
        if (modules == null) {
            throw new IllegalArgumentException("Sequential: modules is null; pass the modules (none for an empty one)");
        }
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends {@code module} (named by its position) and returns this. */
    public Sequential add(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** Passes {@code input} through every module in order (through {@link Module#call}, so a cycle is reported). */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : children()) {
            x = m.call(x);
        }
        return x;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int n = size();
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("Sequential: index " + index + " is out of range for "
                    + n + " module(s)");
        }
        return children().get(i);
    }

    /** The number of modules. */
    public int size() {
        return namedChildren().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
