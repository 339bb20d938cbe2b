package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import java.util.Arrays;

/**
 * x[start:end:step] along one dim (a view: offset moves to start, the dim's stride is multiplied by step).
 * Backward puts the gradient back at the positions start, start+step, ... of a zero tensor of x's shape.
 */
public final class Slice extends Function {
    private final int dim;
    private final int start;
    private final int end;
    private final int step;

    /** Elements start .. start+length-1 of dim of x (negative dim and start count from the end). */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("narrow: cannot be applied to a 0-dim tensor (a scalar has no dim to"
                    + " narrow); reshape(1) it first");
        }
        int d = Shapes.normalizeDim("narrow", dim, x.dim());
        int size = x.size(d);
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || (long) s + length > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                    + " do not fit in dim " + dim + " of size " + size + " (shape " + Shapes.str(x.shape()) + ")");
        }
        return new Slice(d, s, s + length, 1).apply(x);
    }

    /** Python's x[start:end:step] along dim: start and end are clamped to the dim as Python clamps them. */
    public static Tensor pythonSlice(Tensor x, int dim, int start, int end, int step) {
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("slice: cannot be applied to a 0-dim tensor (a scalar has no dim to"
                    + " slice); reshape(1) it first");
        }
        int d = Shapes.normalizeDim("slice", dim, x.dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = x.size(d);
        int s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
        int e = Math.min(Math.max(end < 0 ? end + n : end, s), n);
        return new Slice(d, s, e, step).apply(x);
    }

    /** start and end must already lie in [0, size]; step &gt; 0. */
    public Slice(int dim, int start, int end, int step) {
        this.dim = dim;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = in[0].shape();
        int[] strides = in[0].strides();
        int offset = in[0].offset() + start * strides[dim];
        shape[dim] = end > start ? (end - start - 1) / step + 1 : 0; // no overflow, even for a step near 2^31
        strides[dim] *= step;
        return Kernels.view(in[0], shape, strides, offset);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int[] positionsShape = new int[g.dim()];
        Arrays.fill(positionsShape, 1);
        positionsShape[dim] = g.size(dim);
        Tensor positions = Tensor.on(g.device(), g.dtype()).arange(start, start + g.size(dim) * (double) step, step);
        if (positions.numel() != g.size(dim)) { // guard against rounding in arange
            positions = positions.narrow(0, 0, g.size(dim));
        }
        Tensor index = positions.reshape(positionsShape).expand(g.shape());
        Tensor zeros = Kernels.zeros(g.device(), g.dtype(), inputShape(0));
        return new Tensor[] {zeros.scatterAdd(dim, index, g)};
    }
}
