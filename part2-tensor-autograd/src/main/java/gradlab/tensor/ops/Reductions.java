package gradlab.tensor.ops;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;

/** Shape helpers shared by the reduction ops. */
final class Reductions {
    private Reductions() {
    }

    /** The input shape with the reduced dims set to 1 (the keepdim shape). */
    static int[] keptShape(int[] inputShape, int[] dims) {
        return Shapes.reducedShape(inputShape, dims, true);
    }

    /**
     * Refuses a max or min over an empty dim, as PyTorch does: an empty set has no largest element (the kernel would
     * return -inf or +inf, a value that is not in the tensor).
     */
    static void checkNotEmpty(String op, Tensor x, int[] dims) {
        for (int d : dims.length == 0 ? java.util.stream.IntStream.range(0, x.dim()).toArray() : dims) {
            if (x.size(d) == 0) {
                throw new IllegalArgumentException(op + ": dim " + d + " of shape " + Shapes.str(x.shape())
                        + " is empty, and an empty set has no " + (op.equals("max") ? "largest" : "smallest")
                        + " element; reduce over dims that are not empty (PyTorch refuses this too)");
            }
        }
    }

    /** How many input elements fall into one output element. */
    static int count(int[] inputShape, int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= inputShape[d];
        }
        return n;
    }

    /** The upstream gradient of a reduction, repeated over the reduced dims: reshape to keepdim, then expand. */
    static Tensor spread(Tensor g, int[] inputShape, int[] dims) {
        return g.reshape(keptShape(inputShape, dims)).expand(inputShape);
    }

    /**
     * Backward of max/min: the gradient goes to the elements equal to the result, shared evenly among ties.
     * The mask is a constant: max is piecewise linear, so its second derivative is 0.
     */
    static Tensor toExtremes(Tensor g, Tensor x, Tensor result, int[] dims) {
        int[] kept = keptShape(x.shape(), dims);
        Tensor hits = x.eq(result.detach().reshape(kept));
        Tensor share = hits.div(hits.sum(dims, true));
        return g.reshape(kept).mul(share);
    }
}
