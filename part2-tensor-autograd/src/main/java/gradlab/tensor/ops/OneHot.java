package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.BinaryOp;

/**
 * One-hot rows: for class indices of shape S, a tensor of shape S + [numClasses] with 1 at each index and 0 elsewhere
 * (PyTorch's {@code F.one_hot}). <b>Not differentiable</b> (nothing is recorded).
 */
public final class OneHot {
    private OneHot() {
    }

    /** Indices must be whole numbers in [0, numClasses). */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        if (indices == null) {
            throw new IllegalArgumentException("oneHot: indices is null; pass a tensor of class labels");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("oneHot: numClasses must be at least 1, got " + numClasses
                    + "; pass the number of classes (e.g. 10 for the ten MNIST digits)");
        }
        for (double v : indices.toDoubleArray()) {
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException("oneHot: class index " + v + " is not a whole number; indices must"
                        + " be whole numbers in [0, " + (numClasses - 1) + "] (class labels, e.g. from argmax)");
            }
            if (v < 0 || v >= numClasses) {
                // a whole number, printed without ".0" unless it is too big for a long (1.0E19, Infinity)
                String index = v == (long) v ? Long.toString((long) v) : Double.toString(v);
                throw new IndexOutOfBoundsException("oneHot: class index " + index + " is out of range for"
                        + " numClasses " + numClasses + "; indices must be whole numbers in [0, " + (numClasses - 1)
                        + "] (fix the labels or pass a larger numClasses)");
            }
        }
        Tensor classes = Tensor.on(indices.device(), indices.dtype()).arange(numClasses);
        return Kernels.binary("oneHot", BinaryOp.EQ, indices.detach().unsqueeze(-1), classes);
    }
}
