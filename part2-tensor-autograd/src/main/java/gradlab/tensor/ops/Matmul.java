package gradlab.tensor.ops;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;

/**
 * PyTorch's matmul rules, dispatching on the ranks to {@link Mm} and {@link Bmm}:
 * <ul>
 *   <li>1-D x 1-D: the dot product (a scalar);</li>
 *   <li>1-D x n-D: the vector is a row [1, k], multiplied, and that dim removed afterwards;</li>
 *   <li>n-D x 1-D: the vector is a column [k, 1], multiplied, and that dim removed afterwards;</li>
 *   <li>2-D x 2-D: {@link Mm};</li>
 *   <li>otherwise: {@link Bmm}, the batch dims (all but the last two) broadcast.</li>
 * </ul>
 * Like PyTorch's, it records no node of its own: the graph holds the Mm or Bmm and the reshapes around it.
 */
public final class Matmul {
    private Matmul() {
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        if (b == null) {
            throw new IllegalArgumentException("matmul: the other tensor is null; pass a tensor with at least 1 dim");
        }
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dim, got "
                    + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        if (a.dim() == 1 && b.dim() == 1) {
            if (a.size(0) != b.size(0)) {
                throw new IllegalArgumentException("matmul: cannot take the dot product of " + Shapes.str(a.shape())
                        + " and " + Shapes.str(b.shape()) + ": " + a.size(0) + " != " + b.size(0));
            }
            return a.unsqueeze(0).mm(b.unsqueeze(1)).reshape();
        }
        // checked here, on the caller's shapes, before a vector becomes a [1, k] row or a [k, 1] column
        if (a.dim() == 1 && a.size(0) != b.size(-2)) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(a.shape()) + " by "
                    + Shapes.str(b.shape()) + ": " + a.size(0) + " != " + b.size(-2)
                    + " (a 1-D first argument's length must equal the second's dim -2)");
        }
        if (b.dim() == 1 && a.size(-1) != b.size(0)) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(a.shape()) + " by "
                    + Shapes.str(b.shape()) + ": " + a.size(-1) + " != " + b.size(0)
                    + " (a 1-D second argument's length must equal the first's last dim)");
        }
        if (a.dim() == 1) {
            return matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.dim() == 1) {
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        if (a.size(-1) != b.size(-2)) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(a.shape()) + " by "
                    + Shapes.str(b.shape()) + ": " + a.size(-1) + " != " + b.size(-2));
        }
        return a.dim() == 2 && b.dim() == 2 ? new Mm().apply(a, b) : new Bmm().apply(a, b);
    }
}
