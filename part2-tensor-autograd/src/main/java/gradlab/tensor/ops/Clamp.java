package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = min(max(x, lo), hi). dy/dx = 1 where lo &lt;= x &lt;= hi, else 0 (PyTorch's convention at the edges). */
public final class Clamp extends Function {
    private final double min;
    private final double max;
    private SavedTensor x;

    public Clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        return Kernels.unary(UnaryOp.CLAMP_MAX, max, Kernels.unary(UnaryOp.CLAMP_MIN, min, in[0]));
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor xv = x.get();
        return new Tensor[] {g.mul(xv.ge(min).mul(xv.le(max)))};
    }
}
