package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** Inserts a size-1 dim at position dim (a view). Backward removes it again. */
public final class Unsqueeze extends Function {
    private final int dim;

    /** @param dim a position in [0, rank] */
    public Unsqueeze(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = in[0].shape();
        int[] strides = in[0].strides();
        int[] outShape = new int[shape.length + 1];
        int[] outStrides = new int[shape.length + 1];
        for (int d = 0, j = 0; d < outShape.length; d++) {
            if (d == dim) {
                outShape[d] = 1;
                outStrides[d] = dim < shape.length ? strides[dim] * shape[dim] : 1;
            } else {
                outShape[d] = shape[j];
                outStrides[d] = strides[j++];
            }
        }
        return Kernels.view(in[0], outShape, outStrides, in[0].offset());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.reshape(inputShape(0))};
    }
}
