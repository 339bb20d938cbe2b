package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * C = A B for A [n, k] and B [k, m]: C[i][j] = sum_p A[i][p] B[p][j].
 * dL/dA = G B^T and dL/dB = A^T G, with G = dL/dC [n, m].
 *
 * <p><b>Gradients in their input's layout</b> (as PyTorch's {@code mm_mat2_backward}): when B is a transposed view of
 * a row-major matrix ({@code x.mm(w.t())}, how {@code Linear} multiplies), dL/dB is computed as
 * {@code (G^T A)^T}, the transposed view of a row-major product. The numbers are the same (each element is the same
 * sum, in the same order), but the transpose's backward then turns it into a row-major gradient for w, which the
 * engine can hand to w without a copy. Likewise for A.
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
            needsInputGrad(0) ? (isTransposed(a.get()) ? b.get().mm(g.t()).t() : g.mm(b.get().t())) : null,
            needsInputGrad(1) ? (isTransposed(b.get()) ? g.t().mm(a.get()).t() : a.get().t().mm(g)) : null
        };
    }

    /** Whether {@code m} (2-D) is the transpose of a row-major matrix: its columns are contiguous, its rows not. */
    private static boolean isTransposed(Tensor m) {
        return !m.isContiguous() && m.t().isContiguous();
    }
}
