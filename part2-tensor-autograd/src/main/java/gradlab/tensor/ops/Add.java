package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.device.BinaryOp;

/**
 * z = a + b (broadcast).
 *
 * <p>dz/da = 1 and dz/db = 1, so each input receives the upstream gradient, summed back to its own shape (a dim
 * that was broadcast received one copy of the gradient per position it was repeated to).
 */
public final class Add extends Function {
    @Override
    protected Tensor forward(Tensor... in) {
        return Kernels.binary("add", BinaryOp.ADD, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.sumToSize(inputShape(0)), g.sumToSize(inputShape(1))};
    }
}
