package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/**
 * z = cond ? a : b elementwise (all three broadcast). The condition is a constant mask (non-zero = true).
 * dz/da = cond, dz/db = 1 - cond: the gradient is routed to whichever input was picked.
 */
public final class Where extends Function {
    private final Tensor condition;

    public Where(Tensor condition) {
        this.condition = condition.detach();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        return Kernels.where("where", condition, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor zero = g.scalarLike(0.0);
        return new Tensor[] {
            needsInputGrad(0) ? Tensor.where(condition, g, zero).sumToSize(inputShape(0)) : null,
            needsInputGrad(1) ? Tensor.where(condition, zero, g).sumToSize(inputShape(1)) : null
        };
    }
}
