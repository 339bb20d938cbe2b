package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = x^p for a constant p. dy/dx = p x^(p-1) (and 0 for p = 0). */
public final class PowScalar extends Function {
    private final double p;
    private SavedTensor x;

    public PowScalar(double p) {
        this.p = p;
    }

    @Override
    public String name() {
        return "PowBackward";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        return Kernels.unary(UnaryOp.POW_SCALAR, p, in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (p == 0) {
            return new Tensor[] {g.mul(0.0)};
        }
        return new Tensor[] {g.mul(x.get().pow(p - 1).mul(p))};
    }
}
