package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = tanh x. dy/dx = 1 - tanh^2 x = 1 - y^2. */
public final class Tanh extends Function {
    private SavedTensor y;

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor out = Kernels.unary(UnaryOp.TANH, 0, in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor yv = y.get();
        return new Tensor[] {g.mul(yv.mul(yv).rsub(1.0))};
    }
}
