package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = s(x) = 1 / (1 + e^-x). dy/dx = s(x)(1 - s(x)) = y(1 - y). */
public final class Sigmoid extends Function {
    private SavedTensor y;

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor out = Kernels.unary(UnaryOp.SIGMOID, 0, in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor yv = y.get();
        return new Tensor[] {g.mul(yv.mul(yv.rsub(1.0)))};
    }
}
