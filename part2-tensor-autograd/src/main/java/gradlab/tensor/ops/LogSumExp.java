package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.UnaryOp;

/**
 * y = log sum exp(x) over dims, computed stably as m + log sum exp(x - m) with m = max x (so exp never overflows).
 * dy/dx = exp(x - y): the softmax of x.
 */
public final class LogSumExp extends Function {
    private final int[] dims;
    private final boolean keepdim;
    private SavedTensor x;
    private SavedTensor y;

    public LogSumExp(int[] dims, boolean keepdim) {
        this.dims = dims.clone();
        this.keepdim = keepdim;
    }

    /** logSumExp keeping the reduced dims, from kernels only (also used by {@link LogSoftmax}). */
    static Tensor compute(Tensor x, int[] dims) {
        Tensor m = Kernels.reduce(ReduceOp.MAX, x, dims, true);
        // An infinite max (all -inf, or a +inf) would give inf - inf = NaN: shift by 0 there instead.
        Tensor finite = Kernels.binary("logSumExp", BinaryOp.LT, Kernels.unary(UnaryOp.ABS, 0, m),
                m.scalarLike(Double.POSITIVE_INFINITY));
        Tensor shift = Kernels.where("logSumExp", finite, m, m.scalarLike(0.0));
        Tensor e = Kernels.unary(UnaryOp.EXP, 0, Kernels.binary("logSumExp", BinaryOp.SUB, x, shift));
        Tensor s = Kernels.reduce(ReduceOp.SUM, e, dims, true);
        return Kernels.binary("logSumExp", BinaryOp.ADD, Kernels.unary(UnaryOp.LOG, 0, s), shift);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor kept = compute(in[0], dims);
        Tensor out = keepdim ? kept : Kernels.view(kept, squeezedShape(in[0]), squeezedStrides(in[0]), 0);
        x = save(in[0]);
        y = save(out);
        return out;
    }

    private int[] squeezedShape(Tensor in) {
        return gradlab.tensor.Shapes.reducedShape(in.shape(), dims, false);
    }

    private int[] squeezedStrides(Tensor in) {
        return gradlab.tensor.Shapes.contiguousStrides(squeezedShape(in));
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor xv = x.get();
        int[] kept = Reductions.keptShape(xv.shape(), dims);
        Tensor softmax = xv.sub(y.get().reshape(kept)).exp();
        return new Tensor[] {g.reshape(kept).mul(softmax)};
    }
}
