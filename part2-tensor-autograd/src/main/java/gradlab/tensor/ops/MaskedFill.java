package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import java.util.Arrays;

/**
 * y = value where mask (broadcast to x's shape) is non-zero, else x. dy/dx = 0 where filled, 1 elsewhere.
 */
public final class MaskedFill extends Function {
    private final Tensor mask;
    private final double value;

    public MaskedFill(Tensor mask, double value) {
        this.mask = mask.detach();
        this.value = value;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        int[] shape = Shapes.broadcast("maskedFill", x.shape(), mask.shape());
        if (!Arrays.equals(shape, x.shape())) {
            throw new IllegalArgumentException("maskedFill: mask " + Shapes.str(mask.shape())
                    + " must broadcast to the tensor's shape " + Shapes.str(x.shape()) + " but gives "
                    + Shapes.str(shape));
        }
        return Kernels.where("maskedFill", mask, x.scalarLike(value), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.maskedFill(mask, 0.0)};
    }
}
