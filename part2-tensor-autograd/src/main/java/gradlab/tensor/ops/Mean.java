package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.ReduceOp;

/** y = (1/n) sum of x over dims, n = number of elements per output. dy/dx = 1/n. */
public final class Mean extends Function {
    private final int[] dims;
    private final boolean keepdim;

    public Mean(int[] dims, boolean keepdim) {
        this.dims = dims.clone();
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int n = Reductions.count(in[0].shape(), dims);
        Tensor sum = Kernels.reduce(ReduceOp.SUM, in[0], dims, keepdim);
        return Kernels.binary("mean", BinaryOp.DIV, sum, sum.scalarLike(n));
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int[] shape = inputShape(0);
        return new Tensor[] {Reductions.spread(g, shape, dims).div(Reductions.count(shape, dims))};
    }
}
