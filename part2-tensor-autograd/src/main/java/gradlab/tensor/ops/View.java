package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/**
 * The same elements seen with another shape (same count), sharing storage. Backward reshapes the gradient back.
 */
public final class View extends Function {
    private final int[] shape;

    public View(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] strides = viewStrides(in[0].shape(), in[0].strides(), shape);
        if (strides == null) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(shape) + " is not compatible with the"
                    + " input's size " + Shapes.str(in[0].shape()) + " and strides " + Shapes.str(in[0].strides())
                    + " (at least one dimension spans across two contiguous subspaces). Use reshape(...) instead.");
        }
        return Kernels.view(in[0], shape, strides, in[0].offset());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.reshape(inputShape(0))};
    }

    /**
     * Strides that show a tensor of {@code oldShape}/{@code oldStrides} with {@code newShape} without copying, or
     * null if none exist. Runs of dims that are contiguous with each other ("chunks") can be split and merged
     * freely; a new dim may not straddle two chunks. (The algorithm of PyTorch's computeStride.)
     */
    public static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (Shapes.numel(oldShape) == 0 || oldShape.length == 0) {
            return Shapes.contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        int chunkBaseStride = oldStrides[oldStrides.length - 1];
        int tensorNumel = 1;
        int viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            boolean chunkEnds = tensorD == 0
                    || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride);
            if (chunkEnds) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBaseStride;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }
}
