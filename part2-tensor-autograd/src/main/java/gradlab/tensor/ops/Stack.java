package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import java.util.Arrays;

/** Stacks equal-shaped tensors along a new dim. Backward: input i gets the gradient's slice i of that dim. */
public final class Stack extends Function {
    private final int requestedDim;
    private int dim;

    public Stack(int dim) {
        this.requestedDim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] first = in[0].shape();
        dim = Shapes.normalizeDim("stack", requestedDim, first.length + 1);
        for (int i = 1; i < in.length; i++) {
            if (!Arrays.equals(in[i].shape(), first)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Shapes.str(first) + " at entry 0 and " + Shapes.str(in[i].shape()) + " at entry " + i);
            }
        }
        int[] outShape = new int[first.length + 1];
        for (int d = 0, j = 0; d < outShape.length; d++) {
            outShape[d] = d == dim ? in.length : first[j++];
        }
        Tensor out = Kernels.zeros(in[0].device(), in[0].dtype(), outShape);
        int[] strides = out.strides();
        int[] partStrides = new int[first.length];
        for (int d = 0, j = 0; d < outShape.length; d++) {
            if (d != dim) {
                partStrides[j++] = strides[d];
            }
        }
        for (int i = 0; i < in.length; i++) {
            Kernels.copyInto(in[i], Kernels.view(out, first, partStrides, i * strides[dim]));
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[g.size(dim)];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = g.select(dim, i);
        }
        return grads;
    }
}
