package gradlab.tensor.ops;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Arrays;

/**
 * Un-broadcasting: sums a gradient of a broadcast shape back to the shape of the input that was broadcast (every
 * leading dim that broadcasting added, and every dim where the input had size 1). Differentiable: it is a sum and a
 * reshape. A backward of a broadcasting op ends with it: {@code g.sumToSize(inputShape(0))}.
 */
public final class SumToSize {
    private SumToSize() {
    }

    public static Tensor sumToSize(Tensor t, int[] target) {
        if (target == null) {
            throw new IllegalArgumentException("sumToSize: target shape is null; pass the input's shape");
        }
        int[] shape = t.shape();
        if (Arrays.equals(shape, target)) {
            return t;
        }
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToSize: cannot sum " + Shapes.str(shape) + " to the bigger shape "
                    + Shapes.str(target));
        }
        int[] dims = new int[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1)) {
                dims[n++] = d;
            } else if (target[d - lead] != shape[d]) {
                throw new IllegalArgumentException("sumToSize: shape " + Shapes.str(shape)
                        + " is not a broadcast of " + Shapes.str(target));
            }
        }
        Tensor summed = n == 0 ? t : t.sum(Arrays.copyOf(dims, n), true);
        return summed.reshape(target);
    }
}
