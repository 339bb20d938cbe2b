package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** Joins tensors along an existing dim. Backward: each input gets its own slice of the gradient back. */
public final class Cat extends Function {
    private final int requestedDim;
    private int dim;
    private int[] sizes;

    public Cat(int dim) {
        this.requestedDim = dim;
    }

    /** The list as an array, refusing a null or empty list (cat and stack need at least one tensor). */
    public static Tensor[] nonEmpty(String op, java.util.List<Tensor> tensors) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException(op + ": expected a non-empty list of tensors");
        }
        return tensors.toArray(new Tensor[0]);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] first = in[0].shape();
        if (first.length == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated;"
                    + " unsqueeze it or use stack");
        }
        dim = Shapes.normalizeDim("cat", requestedDim, first.length);
        sizes = new int[in.length];
        int total = 0;
        for (int i = 0; i < in.length; i++) {
            int[] s = in[i].shape();
            boolean ok = s.length == first.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == dim || s[d] == first[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("cat: sizes of tensors must match except in dim " + dim
                        + ": tensor 0 has shape " + Shapes.str(first) + " but tensor " + i + " has shape "
                        + Shapes.str(s));
            }
            sizes[i] = s[dim];
            total += s[dim];
        }
        int[] outShape = first.clone();
        outShape[dim] = total;
        Tensor out = Kernels.zeros(in[0].device(), in[0].dtype(), outShape);
        int[] strides = out.strides();
        int start = 0;
        for (int i = 0; i < in.length; i++) {
            int[] partShape = outShape.clone();
            partShape[dim] = sizes[i];
            Kernels.copyInto(in[i], Kernels.view(out, partShape, strides, start * strides[dim]));
            start += sizes[i];
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            grads[i] = g.narrow(dim, start, sizes[i]);
            start += sizes[i];
        }
        return grads;
    }
}
