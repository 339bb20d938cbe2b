package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = ln x (NaN for x &lt; 0, -inf at 0). dy/dx = 1/x. */
public final class Log extends Function {
    private SavedTensor x;

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        return Kernels.unary(UnaryOp.LOG, 0, in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.div(x.get())};
    }
}
