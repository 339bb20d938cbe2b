package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/**
 * x[..., i, ...]: the slice at position i of one dim, with that dim removed (a view).
 * Backward puts the gradient back at position i of a zero tensor of x's shape.
 */
public final class Select extends Function {
    private final int requestedDim;
    private final int requestedIndex;
    private int dim;
    private int index;

    /** dim and index may be negative (counting from the end); both are checked against the input. */
    public Select(int dim, int index) {
        this.requestedDim = dim;
        this.requestedIndex = index;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = in[0].shape();
        dim = Shapes.normalizeDim("select", requestedDim, shape.length);
        index = requestedIndex < 0 ? requestedIndex + shape[dim] : requestedIndex;
        if (index < 0 || index >= shape[dim]) {
            throw new IndexOutOfBoundsException("select: index " + requestedIndex + " is out of range for dim "
                    + requestedDim + " of a tensor of shape " + Shapes.str(shape));
        }
        int[] strides = in[0].strides();
        int[] outShape = new int[shape.length - 1];
        int[] outStrides = new int[shape.length - 1];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != dim) {
                outShape[j] = shape[d];
                outStrides[j++] = strides[d];
            }
        }
        return Kernels.view(in[0], outShape, outStrides, in[0].offset() + index * strides[dim]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor slot = g.unsqueeze(dim);
        Tensor position = Tensor.on(g.device(), g.dtype()).full(index, slot.shape());
        Tensor zeros = Kernels.zeros(g.device(), g.dtype(), inputShape(0));
        return new Tensor[] {zeros.scatterAdd(dim, position, slot)};
    }
}
