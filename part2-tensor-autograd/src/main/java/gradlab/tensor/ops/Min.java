package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.ReduceOp;

/** y = min of x over dims (PyTorch's amin). dy/dx = 1 at the minimum, shared evenly among ties, 0 elsewhere. */
public final class Min extends Function {
    private final int[] dims;
    private final boolean keepdim;
    private SavedTensor x;
    private SavedTensor y;

    public Min(int[] dims, boolean keepdim) {
        this.dims = dims.clone();
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Reductions.checkNotEmpty("min", in[0], dims);
        Tensor out = Kernels.reduce(ReduceOp.MIN, in[0], dims, keepdim);
        x = save(in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Reductions.toExtremes(g, x.get(), y.get(), dims)};
    }
}
