package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/** z = a / b (broadcast; IEEE: x/0 is +-inf, 0/0 is NaN). dz/da = 1/b, dz/db = -a/b^2. */
public final class Div extends Function {
    private SavedTensor a;
    private SavedTensor b;

    @Override
    protected Tensor forward(Tensor... in) {
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.binary("div", BinaryOp.DIV, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor bv = b.get();
        return new Tensor[] {
            needsInputGrad(0) ? g.div(bv).sumToSize(inputShape(0)) : null,
            needsInputGrad(1) ? g.neg().mul(a.get()).div(bv.mul(bv)).sumToSize(inputShape(1)) : null
        };
    }
}
