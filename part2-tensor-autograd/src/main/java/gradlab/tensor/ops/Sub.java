package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.device.BinaryOp;

/** z = a - b (broadcast). dz/da = 1, dz/db = -1. */
public final class Sub extends Function {
    @Override
    protected Tensor forward(Tensor... in) {
        return Kernels.binary("sub", BinaryOp.SUB, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {
            g.sumToSize(inputShape(0)),
            needsInputGrad(1) ? g.neg().sumToSize(inputShape(1)) : null
        };
    }
}
