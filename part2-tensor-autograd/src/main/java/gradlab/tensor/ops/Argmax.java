package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.ReduceOp;
import java.util.Arrays;

/**
 * The index of the largest element along a dim (the first one on ties; a NaN counts as the largest, as in PyTorch),
 * as whole numbers in the input's dtype. <b>Not differentiable</b> (an index; nothing is recorded).
 *
 * <p>Built from primitives, so it runs on any device: hit = (x == max) or (x != x); candidates = where(hit, position,
 * +inf); argmax = min(candidates).
 */
public final class Argmax {
    private Argmax() {
    }

    /** argmax over dim; keepdim keeps that dim as size 1. */
    public static Tensor argmax(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.normalizeDim("argmax", dim, x.dim()); // a scalar accepts dim 0 and -1, as in PyTorch
        if (x.dim() == 0) {
            return Tensor.on(x.device(), x.dtype()).scalar(0);
        }
        if (x.size(d) == 0) {
            throw new IllegalArgumentException("argmax: dim " + dim + " of shape " + Shapes.str(x.shape())
                    + " is empty, and an empty line has no largest element; argmax needs at least one element");
        }
        int[] d1 = {d};
        Tensor max = Kernels.reduce(ReduceOp.MAX, x, d1, true);
        int[] positionShape = new int[x.dim()];
        Arrays.fill(positionShape, 1);
        positionShape[d] = x.size(d);
        Tensor positions = Tensor.on(x.device(), x.dtype()).arange(x.size(d)).reshape(positionShape);
        Tensor isMax = Kernels.binary("argmax", BinaryOp.EQ, x, max);
        // max is NaN where a line holds a NaN, and x == NaN is false everywhere: mark NaNs (x != x) as hits too
        Tensor isNaN = Kernels.binary("argmax", BinaryOp.EQ, Kernels.binary("argmax", BinaryOp.EQ, x, x),
                x.scalarLike(0));
        Tensor hit = Kernels.binary("argmax", BinaryOp.MAXIMUM, isMax, isNaN);
        Tensor candidates = Kernels.where("argmax", hit, positions, x.scalarLike(Double.POSITIVE_INFINITY));
        return Kernels.reduce(ReduceOp.MIN, candidates, d1, keepdim);
    }
}
