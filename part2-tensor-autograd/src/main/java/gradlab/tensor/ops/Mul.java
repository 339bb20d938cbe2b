package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/** z = a * b (broadcast). dz/da = b, dz/db = a. */
public final class Mul extends Function {
    private SavedTensor a;
    private SavedTensor b;

    @Override
    protected Tensor forward(Tensor... in) {
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.binary("mul", BinaryOp.MUL, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {
            needsInputGrad(0) ? g.mul(b.get()).sumToSize(inputShape(0)) : null,
            needsInputGrad(1) ? g.mul(a.get()).sumToSize(inputShape(1)) : null
        };
    }
}
