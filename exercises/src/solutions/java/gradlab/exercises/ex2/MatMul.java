package gradlab.exercises.ex2;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * Exercise 2.2: the backward of matrix multiplication, C = A B for A [n, k] and B [k, m].
 *
 * <p>Forward is given (the device's matmul kernel; it saves A and B). Use it as {@code MatMul.mm(a, b)}.
 *
 * <p><b>Task.</b> Implement {@link #backward}: given G = dL/dC [n, m], return {dL/dA [n, k], dL/dB [k, m]}.
 *
 * <p><b>Math.</b> C[i][j] = sum_p A[i][p] B[p][j], so dC[i][j]/dA[i][p] = B[p][j] and
 * <pre>
 *   dL/dA[i][p] = sum_j G[i][j] B[p][j]   that is   dL/dA = G B^T     [n, m] x [m, k] = [n, k]
 *   dL/dB[p][j] = sum_i A[i][p] G[i][j]   that is   dL/dB = A^T G     [k, n] x [n, m] = [k, m]
 * </pre>
 *
 * <p><b>Hint.</b> Let the shapes guide you: each gradient has its input's shape, and there is only one way to
 * multiply G with A or B (one of them transposed, {@link Tensor#t()}) to get it. Use {@link Tensor#mm}.
 */
public final class MatMul extends Function {
    private SavedTensor a;
    private SavedTensor b;

    /** a b through this op. */
    public static Tensor mm(Tensor a, Tensor b) {
        return new MatMul().apply(a, b);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        if (in[0].dim() != 2 || in[1].dim() != 2 || in[0].size(1) != in[1].size(0)) {
            throw new IllegalArgumentException("MatMul: cannot multiply " + Shapes.str(in[0].shape()) + " by "
                    + Shapes.str(in[1].shape()) + "; expected A [n, k] and B [k, m]");
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
