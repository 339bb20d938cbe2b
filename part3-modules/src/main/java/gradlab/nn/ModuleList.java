package gradlab.nn;

import gradlab.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * An ordered list of submodules named "0", "1", ... (PyTorch's {@code nn.ModuleList}): use it wherever you would hold
 * modules in a Java {@code List}, so their parameters are registered. It has no {@code forward}: iterate over it in
 * your own module's forward (or use {@link Sequential} to simply chain the modules).
 * <pre>
 *   final ModuleList layers = new ModuleList();
 *   ...  for (int i = 0; i &lt; 123; i++) layers.add(new Linear(8, 8));
 *   ...  for (Module layer : layers) x = layer.forward(x);
 * </pre>
 */
public final class ModuleList extends Module implements Iterable<Module> {

    /** An empty list. */
    public ModuleList() {
    }

    /** A list of the given modules, in order. */
    public ModuleList(Module... modules) {
        this(modules == null ? null : Arrays.asList(modules));
    }

    /** A list of the given modules, in order. */
    public ModuleList(List<? extends Module> modules) {
        if (modules == null) {
            throw new IllegalArgumentException("ModuleList: modules is null; pass the modules (none for an empty one)");
        }
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends {@code module} (named by its position) and returns this list. */
    public ModuleList add(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** The module at {@code index} (negative counts from the end, as in Python). */
    public Module get(int index) {
        int n = size();
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " is out of range for a list of "
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

    /** A ModuleList only holds modules; it cannot be called. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward: it only holds modules. Iterate over it"
                + " in your module's forward (for (Module m : layers) x = m.forward(x)), or use Sequential");
    }
}
