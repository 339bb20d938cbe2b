package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.UnaryOp;

/**
 * y = exp(x) / sum exp(x) along dim, computed as exp(x - lse(x)) so nothing overflows.
 * Backward (the Jacobian is diag(y) - y y^T): dL/dx = y * (g - sum(g * y)) along dim.
 */
public final class Softmax extends Function {
    private final int dim;
    private SavedTensor y;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] dims = in[0].dim() == 0 ? new int[0] : new int[] {dim};
        Tensor lse = LogSumExp.compute(in[0], dims);
        Tensor out = Kernels.unary(UnaryOp.EXP, 0, Kernels.binary("softmax", BinaryOp.SUB, in[0], lse));
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor yv = y.get();
        if (yv.dim() == 0) {
            return new Tensor[] {g.mul(0.0)};
        }
        return new Tensor[] {yv.mul(g.sub(g.mul(yv).sum(dim, true)))};
    }
}
