package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.BinaryOp;

/**
 * Elementwise comparisons: 1 where {@code a OP b} holds and 0 elsewhere, broadcast, in the wider dtype of the two (a
 * mask to multiply with). <b>Not differentiable:</b> a comparison is a step function, whose derivative is 0 wherever
 * it exists, so nothing is recorded and the result never requires grad (PyTorch's comparisons return bool tensors,
 * likewise without grad).
 */
public final class Comparison {
    private Comparison() {
    }

    /** The relation a comparison tests, with its name for error messages. */
    public enum Relation {
        GT("gt", BinaryOp.GT), LT("lt", BinaryOp.LT), GE("ge", BinaryOp.GE), LE("le", BinaryOp.LE),
        EQ("eq", BinaryOp.EQ);

        private final String label;
        private final BinaryOp kernel;

        Relation(String label, BinaryOp kernel) {
            this.label = label;
            this.kernel = kernel;
        }
    }

    /** 1 where {@code a relation b} holds, else 0. */
    public static Tensor compare(Relation relation, Tensor a, Tensor b) {
        if (b == null) {
            throw new IllegalArgumentException(relation.label + ": the other tensor is null; pass a tensor or a number");
        }
        return Kernels.binary(relation.label, relation.kernel, a, b);
    }

    /** Whether both have the same shape and |a - b| &lt;= atol + rtol*|b| everywhere (NaNs never match). */
    public static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        if (b == null) {
            throw new IllegalArgumentException("allClose: the other tensor is null; pass a tensor to compare with");
        }
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            return false;
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i])) && x[i] != y[i]) {
                return false;
            }
        }
        return true;
    }
}
