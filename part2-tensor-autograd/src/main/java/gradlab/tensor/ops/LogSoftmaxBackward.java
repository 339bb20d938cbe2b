package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * The gradient of log-softmax as an op of its own, so it runs as one fused device kernel
 * ({@link Kernels#logSoftmaxBackward}): for the upstream gradient g and the forward's output y = logSoftmax(x),
 * <pre>
 *   dx = g - exp(y) * S,   S = sum of g along dim
 * </pre>
 * It is differentiable itself (second derivatives, gradgradcheck): with h the gradient flowing into dx,
 * <pre>
 *   d/dg:  h - sum(h * exp(y)) along dim        d/dy:  -h * exp(y) * S
 * </pre>
 * (since d dx_i / d g_k = delta_ik - exp(y_i) and d dx_i / d y_k = -delta_ik exp(y_i) S).
 */
public final class LogSoftmaxBackward extends Function {
    private final int dim;
    private SavedTensor g;
    private SavedTensor y;

    /** @param dim the (normalised) softmax dim of the forward */
    public LogSoftmaxBackward(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        g = save(in[0]);
        y = save(in[1]);
        return Kernels.logSoftmaxBackward(in[0], in[1], dim);
    }

    @Override
    protected Tensor[] backward(Tensor h) {
        Tensor gv = g.get();
        Tensor yv = y.get();
        Tensor he = h.mul(yv.exp());
        return new Tensor[] {
            needsInputGrad(0) ? h.sub(he.sum(dim, true)) : null,
            needsInputGrad(1) ? he.mul(gv.sum(dim, true)).neg() : null
        };
    }
}
