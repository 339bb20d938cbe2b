package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = e^x. dy/dx = e^x = y, so the output is saved. */
public final class Exp extends Function {
    private SavedTensor y;

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor out = Kernels.unary(UnaryOp.EXP, 0, in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(y.get())};
    }
}
