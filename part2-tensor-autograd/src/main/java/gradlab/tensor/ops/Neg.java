package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.device.UnaryOp;

/** y = -x. dy/dx = -1. */
public final class Neg extends Function {
    @Override
    protected Tensor forward(Tensor... in) {
        return Kernels.unary(UnaryOp.NEG, 0, in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.neg()};
    }
}
