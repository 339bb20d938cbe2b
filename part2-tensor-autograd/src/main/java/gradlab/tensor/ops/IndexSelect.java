package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import java.util.Arrays;

/**
 * The slices of x at positions index (1-D) along dim: out[..., i, ...] = x[..., index[i], ...].
 * Backward adds each slice of the gradient back at its position (scatterAdd with the index spread over the slice).
 */
public final class IndexSelect extends Function {
    private final int dim;
    private final Tensor index;

    public IndexSelect(int dim, Tensor index) {
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape "
                    + Shapes.str(index.shape()));
        }
        this.dim = dim;
        this.index = index.detach().reshape(-1);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        if (in[0].dim() == 0) {
            throw new IllegalArgumentException("indexSelect: expects a tensor with at least 1 dim, got a scalar");
        }
        return Kernels.indexSelect(in[0], dim, index);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int[] shape = new int[g.dim()];
        Arrays.fill(shape, 1);
        shape[dim] = index.numel();
        Tensor spread = index.reshape(shape).expand(g.shape());
        Tensor zeros = Kernels.zeros(g.device(), g.dtype(), inputShape(0));
        return new Tensor[] {zeros.scatterAdd(dim, spread, g)};
    }
}
