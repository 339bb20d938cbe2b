package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import java.util.Arrays;

/**
 * out = self with src[i][j] added at out[index[i][j]][j] (dim 0; likewise for other dims): the reverse of gather.
 * d out/d self = 1; dL/d src = g.gather(dim, index).
 */
public final class ScatterAdd extends Function {
    private final int dim;
    private final Tensor index;

    public ScatterAdd(int dim, Tensor index) {
        this.dim = dim;
        this.index = index.detach();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        if (!Arrays.equals(index.shape(), in[1].shape())) {
            throw new IllegalArgumentException("scatterAdd: index " + Shapes.str(index.shape())
                    + " and src " + Shapes.str(in[1].shape()) + " must have the same shape");
        }
        Gather.checkIndex("scatterAdd", in[0].shape(), dim, index.shape());
        return Kernels.scatterAdd(in[0], dim, index, in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g, needsInputGrad(1) ? g.gather(dim, index) : null};
    }
}
