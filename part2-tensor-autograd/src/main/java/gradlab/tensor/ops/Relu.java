package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = max(x, 0). dy/dx = 1 where y &gt; 0, else 0 (0 at the kink, as PyTorch). */
public final class Relu extends Function {
    private SavedTensor y;

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor out = Kernels.unary(UnaryOp.RELU, 0, in[0]);
        y = save(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(y.get().gt(0.0))};
    }
}
