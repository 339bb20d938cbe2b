package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** Removes size-1 dims (one given dim, or all when dim = -1) (a view). Backward reshapes the gradient back. */
public final class Squeeze extends Function {
    private final int dim;

    /** @param dim a normalised dim, or -1 for every size-1 dim */
    public Squeeze(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = in[0].shape();
        int[] strides = in[0].strides();
        int kept = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!removed(shape, d)) {
                kept++;
            }
        }
        int[] outShape = new int[kept];
        int[] outStrides = new int[kept];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (!removed(shape, d)) {
                outShape[j] = shape[d];
                outStrides[j++] = strides[d];
            }
        }
        return Kernels.view(in[0], outShape, outStrides, in[0].offset());
    }

    private boolean removed(int[] shape, int d) {
        return shape[d] == 1 && (dim == -1 || d == dim);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.reshape(inputShape(0))};
    }
}
