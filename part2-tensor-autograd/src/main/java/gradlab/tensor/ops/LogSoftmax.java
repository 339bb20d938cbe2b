package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/**
 * y = x - logSumExp(x) along dim (the log of softmax, without ever forming a tiny softmax and taking its log).
 * dL/dx = g - softmax(x) * sum(g) along dim, with softmax(x) = exp(y).
 */
public final class LogSoftmax extends Function {
    private final int dim;
    private SavedTensor y;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] dims = in[0].dim() == 0 ? new int[0] : new int[] {dim};
        Tensor out = Kernels.binary("logSoftmax", BinaryOp.SUB, in[0], LogSumExp.compute(in[0], dims));
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor yv = y.get();
        if (yv.dim() == 0) {
            return new Tensor[] {g.mul(0.0)};
        }
        return new Tensor[] {g.sub(yv.exp().mul(g.sum(dim, true)))};
    }
}
