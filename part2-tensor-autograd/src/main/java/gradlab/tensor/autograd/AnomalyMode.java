package gradlab.tensor.autograd;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Anomaly detection, like PyTorch's {@code torch.autograd.detect_anomaly()}: while on, every op checks its forward
 * output and every gradient it returns in backward, and the first one holding NaN or Inf throws an
 * {@link AnomalyException} that names the op and its shapes. It costs a scan of every result, so it is off by
 * default.
 * <pre>
 *   try (var a = AnomalyMode.enable()) {
 *       loss.backward();
 *   }
 * </pre>
 */
public final class AnomalyMode implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** True while the engine runs a node's backward: its inner ops are checked as that node, not one by one. */
    private static final ThreadLocal<Boolean> IN_BACKWARD = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final boolean previous;

    private AnomalyMode() {
        previous = ENABLED.get();
        ENABLED.set(true);
    }

    /** Turns anomaly detection on until the returned scope is closed. */
    public static AnomalyMode enable() {
        return new AnomalyMode();
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    @Override
    public void close() {
        ENABLED.set(previous);
    }

    static boolean inBackward() {
        return IN_BACKWARD.get();
    }

    static void setInBackward(boolean value) {
        IN_BACKWARD.set(value);
    }

    static void checkForward(Function op, Tensor[] inputs, Tensor output) {
        if (!inBackward() && !allFinite(output)) {
            throw new AnomalyException("Anomaly detected: " + op.opName() + " produced NaN/Inf in forward: inputs "
                    + shapes(inputs) + " -> output " + Shapes.str(output.shape()));
        }
    }

    static void checkBackward(Function op, Tensor gradOutput, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null && !allFinite(grads[i])) {
                throw new AnomalyException("Anomaly detected: " + op.name() + " returned NaN/Inf in the gradient of"
                        + " its input " + i + " (shape " + Shapes.str(grads[i].shape()) + "); gradOutput shape "
                        + Shapes.str(gradOutput.shape()) + ", all finite: " + allFinite(gradOutput));
            }
        }
    }

    private static boolean allFinite(Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static String shapes(Tensor[] inputs) {
        List<String> s = new ArrayList<>();
        for (Tensor t : inputs) {
            s.add(Shapes.str(t.shape()));
        }
        return String.join(", ", s);
    }
}
