package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/**
 * out[i][j] = x[index[i][j]][j] along dim 0 (likewise for other dims); out has the index's shape.
 * Backward scatters the gradient back: dL/dx = zeros.scatterAdd(dim, index, g) (an element picked twice gets both).
 */
public final class Gather extends Function {
    private final int dim;
    private final Tensor index;

    public Gather(int dim, Tensor index) {
        this.dim = dim;
        this.index = index.detach();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        checkIndex("gather", in[0].shape(), dim, index.shape());
        return Kernels.gather(in[0], dim, index);
    }

    /** index must have x's rank and fit inside x in every dim but {@code dim} (PyTorch's rule). */
    static void checkIndex(String op, int[] x, int dim, int[] index) {
        boolean ok = index.length == x.length;
        for (int d = 0; ok && d < x.length; d++) {
            ok = d == dim || index[d] <= x[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index " + Shapes.str(index) + " does not fit tensor "
                    + Shapes.str(x) + " along dim " + dim + "; the index needs the same rank and sizes no larger than"
                    + " the tensor's in every other dim");
        }
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor zeros = Kernels.zeros(g.device(), g.dtype(), inputShape(0));
        return new Tensor[] {zeros.scatterAdd(dim, index, g)};
    }
}
