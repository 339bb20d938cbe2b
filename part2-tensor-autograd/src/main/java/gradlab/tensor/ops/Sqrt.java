package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = sqrt x. dy/dx = 1 / (2 sqrt x) = 1 / (2y). */
public final class Sqrt extends Function {
    private SavedTensor y;

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor out = Kernels.unary(UnaryOp.SQRT, 0, in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.div(y.get().mul(2.0))};
    }
}
