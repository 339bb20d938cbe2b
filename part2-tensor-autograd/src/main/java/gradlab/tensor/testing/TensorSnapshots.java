package gradlab.tensor.testing;

import gradlab.tensor.Tensor;
import java.util.Arrays;

/**
 * An exact description of a tensor (shape, dtype, requiresGrad, every value bit for bit, and its grad's), for tests
 * that must prove a refused call changed nothing: compare the description before and after.
 */
public final class TensorSnapshots {
    private TensorSnapshots() {
    }

    /** Shape, dtype, requiresGrad, every value (exact) and the grad's, of {@code t} (or "null"). */
    public static String of(Tensor t) {
        if (t == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(Arrays.toString(t.shape())).append(' ').append(t.dtype()).append(t.requiresGrad() ? " grad " : " ");
        for (double v : t.toDoubleArray()) {
            sb.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
        }
        if (t.isLeaf() && t.grad() != null) {
            sb.append(" grad=").append(of(t.grad()));
        }
        return sb.toString();
    }
}
