package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.ReduceOp;

/**
 * Unbiased variance over dims: y = sum (x - m)^2 / (n - 1), m the mean (n = 1 gives NaN, as torch.var).
 * dy/dx = 2 (x - m) / (n - 1) (the terms through m cancel because sum (x - m) = 0).
 */
public final class Var extends Function {
    private final int[] dims;
    private final boolean keepdim;
    private SavedTensor x;

    public Var(int[] dims, boolean keepdim) {
        this.dims = dims.clone();
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        int n = Reductions.count(in[0].shape(), dims);
        Tensor sum = Kernels.reduce(ReduceOp.SUM, in[0], dims, true);
        Tensor mean = Kernels.binary("var", BinaryOp.DIV, sum, sum.scalarLike(n));
        Tensor diff = Kernels.binary("var", BinaryOp.SUB, in[0], mean);
        Tensor squares = Kernels.binary("var", BinaryOp.MUL, diff, diff);
        Tensor total = Kernels.reduce(ReduceOp.SUM, squares, dims, keepdim);
        return Kernels.binary("var", BinaryOp.DIV, total, total.scalarLike(n - 1));
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor xv = x.get();
        int n = Reductions.count(xv.shape(), dims);
        Tensor centered = xv.sub(xv.mean(dims, true));
        return new Tensor[] {Reductions.spread(g, inputShape(0), dims).mul(centered).mul(2.0 / (n - 1))};
    }
}
