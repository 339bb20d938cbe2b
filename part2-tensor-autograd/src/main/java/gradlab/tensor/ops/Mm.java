package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * C = A B for A [n, k] and B [k, m]: C[i][j] = sum_p A[i][p] B[p][j].
 * dL/dA = G B^T and dL/dB = A^T G, with G = dL/dC [n, m].
 */
public final class Mm extends Function {
    private SavedTensor a;
    private SavedTensor b;

    @Override
    protected Tensor forward(Tensor... in) {
        if (in[0].size(1) != in[1].size(0)) {
            throw new IllegalArgumentException("mm: cannot multiply " + Shapes.str(in[0].shape()) + " by "
                    + Shapes.str(in[1].shape()) + ": " + in[0].size(1) + " != " + in[1].size(0));
        }
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.matmul(in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {
            needsInputGrad(0) ? g.mm(b.get().t()) : null,
            needsInputGrad(1) ? a.get().t().mm(g) : null
        };
    }
}
