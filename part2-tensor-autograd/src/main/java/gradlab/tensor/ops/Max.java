package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.ReduceOp;

/**
 * y = max of x over dims (PyTorch's amax; NaN if any element is NaN). dy/dx = 1 at the maximum and 0 elsewhere;
 * tied maxima share the gradient evenly.
 */
public final class Max extends Function {
    private final int[] dims;
    private final boolean keepdim;
    private SavedTensor x;
    private SavedTensor y;

    public Max(int[] dims, boolean keepdim) {
        this.dims = dims.clone();
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Reductions.checkNotEmpty("max", in[0], dims);
        Tensor out = Kernels.reduce(ReduceOp.MAX, in[0], dims, keepdim);
        x = save(in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Reductions.toExtremes(g, x.get(), y.get(), dims)};
    }
}
