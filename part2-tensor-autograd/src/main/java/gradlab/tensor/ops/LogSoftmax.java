package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/**
 * y = x - logSumExp(x) along dim (the log of softmax, without ever forming a tiny softmax and taking its log), computed
 * as x - m - log sum exp(x - m) with m = max x by one fused device kernel ({@link Kernels#logSoftmax}, which calls
 * {@code Device.logSoftmax}: one pass per line instead of six kernels).
 * dL/dx = g - softmax(x) * sum(g) along dim, with softmax(x) = exp(y); backward is the op {@link LogSoftmaxBackward}
 * (one fused kernel, and differentiable itself, for gradgradcheck).
 */
public final class LogSoftmax extends Function {
    private final int dim;
    private SavedTensor y;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor out = in[0].dim() == 0
                ? Kernels.binary("logSoftmax", BinaryOp.SUB, in[0], in[0]) // a scalar is its own only line: 0
                : Kernels.logSoftmax(in[0], dim);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor yv = y.get();
        if (yv.dim() == 0) {
            return new Tensor[] {g.mul(0.0)};
        }
        return new Tensor[] {new LogSoftmaxBackward(dim).apply(g, yv)}; // g - exp(y) * sum(g), one fused kernel
    }
}
