package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import java.util.Arrays;

/**
 * x[start:end:step] along one dim (a view: offset moves to start, the dim's stride is multiplied by step).
 * Backward puts the gradient back at the positions start, start+step, ... of a zero tensor of x's shape.
 */
public final class Slice extends Function {
    private final int dim;
    private final int start;
    private final int end;
    private final int step;

    /** start and end must already lie in [0, size]; step &gt; 0. */
    public Slice(int dim, int start, int end, int step) {
        this.dim = dim;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = in[0].shape();
        int[] strides = in[0].strides();
        int offset = in[0].offset() + start * strides[dim];
        shape[dim] = Math.max(0, (end - start + step - 1) / step);
        strides[dim] *= step;
        return Kernels.view(in[0], shape, strides, offset);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int[] positionsShape = new int[g.dim()];
        Arrays.fill(positionsShape, 1);
        positionsShape[dim] = g.size(dim);
        Tensor positions = Tensor.on(g.device(), g.dtype()).arange(start, start + g.size(dim) * (double) step, step);
        if (positions.numel() != g.size(dim)) { // guard against rounding in arange
            positions = positions.narrow(0, 0, g.size(dim));
        }
        Tensor index = positions.reshape(positionsShape).expand(g.shape());
        Tensor zeros = Kernels.zeros(g.device(), g.dtype(), inputShape(0));
        return new Tensor[] {zeros.scatterAdd(dim, index, g)};
    }
}
