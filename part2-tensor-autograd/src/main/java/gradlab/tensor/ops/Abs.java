package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = |x|. dy/dx = sign(x) (0 at the kink x = 0, as PyTorch). */
public final class Abs extends Function {
    private SavedTensor x;

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        return Kernels.unary(UnaryOp.ABS, 0, in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(x.get().sign())};
    }
}
