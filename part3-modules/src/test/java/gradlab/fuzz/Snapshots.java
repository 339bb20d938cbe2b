package gradlab.fuzz;

import gradlab.nn.Module;
import gradlab.tensor.Tensor;
import gradlab.tensor.testing.TensorSnapshots;
import java.util.Map;

/** Full descriptions of objects (every value, bit for bit), compared before and after a refused call. */
public final class Snapshots {
    private Snapshots() {
    }

    /** Shape, dtype, requiresGrad, every value (exact) and the grad's, of {@code t} (or "null"). */
    public static String of(Tensor t) {
        return TensorSnapshots.of(t);
    }

    /** Every module of the tree (names, kinds, training flags), every parameter and buffer. */
    public static String of(Module m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
            sb.append(e.getKey()).append(':').append(e.getValue().getClass().getSimpleName())
                    .append(e.getValue().isTraining() ? "(train) " : "(eval) ");
        }
        m.namedParameters().forEach((k, v) -> sb.append(k).append('=').append(of(v)).append("; "));
        m.namedBuffers().forEach((k, v) -> sb.append(k).append('=').append(of(v)).append("; "));
        return sb.toString();
    }
}
