package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/**
 * Repeats size-1 dims (and adds leading dims) without copying: the repeated dims get stride 0. -1 keeps a size.
 * Backward sums the gradient over the repeated positions (sumToSize).
 */
public final class Expand extends Function {
    private final int[] sizes;

    public Expand(int[] sizes) {
        this.sizes = sizes.clone();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] old = in[0].shape();
        int[] oldStrides = in[0].strides();
        int lead = sizes.length - old.length;
        if (lead < 0) {
            throw new IllegalArgumentException("expand: the number of sizes " + Shapes.str(sizes) + " (" + sizes.length
                    + ") must be at least the tensor's rank " + old.length + " (shape " + Shapes.str(old) + ")");
        }
        int[] shape = new int[sizes.length];
        int[] strides = new int[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            if (d < lead) {
                if (sizes[d] < 0) {
                    throw new IllegalArgumentException("expand: size -1 is not allowed in a new leading dim ("
                            + Shapes.str(old) + " to " + Shapes.str(sizes) + ")");
                }
                shape[d] = sizes[d];
                continue;
            }
            int o = old[d - lead];
            int s = sizes[d] == -1 ? o : sizes[d];
            if (s == o) {
                shape[d] = o;
                strides[d] = oldStrides[d - lead];
            } else if (o == 1 && s >= 0) {
                shape[d] = s;
            } else {
                throw new IllegalArgumentException("expand: the expanded size " + s + " must match the existing size "
                        + o + " at dim " + d + " (" + Shapes.str(old) + " to " + Shapes.str(sizes)
                        + "); only size-1 dims can be expanded");
            }
        }
        return Kernels.view(in[0], shape, strides, in[0].offset());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.sumToSize(inputShape(0))};
    }
}
