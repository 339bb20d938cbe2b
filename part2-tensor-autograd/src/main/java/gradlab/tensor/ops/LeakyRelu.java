package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/** y = x if x &gt; 0 else slope*x. dy/dx = 1 where x &gt; 0, else slope. */
public final class LeakyRelu extends Function {
    private final double slope;
    private SavedTensor x;

    public LeakyRelu(double slope) {
        this.slope = slope;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        return Kernels.unary(UnaryOp.LEAKY_RELU, slope, in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor positive = x.get().gt(0.0);                        // 1 where x > 0, else 0
        Tensor local = positive.mul(1.0 - slope).add(slope);      // 1 where x > 0, else slope
        return new Tensor[] {g.mul(local)};
    }
}
