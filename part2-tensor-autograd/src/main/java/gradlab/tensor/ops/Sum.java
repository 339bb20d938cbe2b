package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.device.ReduceOp;

/** y = sum of x over dims. dy/dx = 1: every input element gets the gradient of the sum it fell into. */
public final class Sum extends Function {
    private final int[] dims;
    private final boolean keepdim;

    /** @param dims the (normalised, sorted) dims to reduce */
    public Sum(int[] dims, boolean keepdim) {
        this.dims = dims.clone();
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        return Kernels.reduce(ReduceOp.SUM, in[0], dims, keepdim);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Reductions.spread(g, inputShape(0), dims)};
    }
}
