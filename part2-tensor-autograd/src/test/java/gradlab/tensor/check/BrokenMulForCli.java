package gradlab.tensor.check;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/** Mul with its backward scaled by 1.01: the op the command-line test must catch. */
public final class BrokenMulForCli extends Function {
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
        return new Tensor[] {g.mul(b.get()).mul(1.01).sumToSize(inputShape(0)),
            g.mul(a.get()).mul(1.01).sumToSize(inputShape(1))};
    }
}
