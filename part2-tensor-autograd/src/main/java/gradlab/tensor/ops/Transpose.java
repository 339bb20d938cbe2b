package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** Swaps two dims by swapping their sizes and strides (a view). Backward swaps them back. */
public final class Transpose extends Function {
    private final int dim0;
    private final int dim1;

    public Transpose(int dim0, int dim1) {
        this.dim0 = dim0;
        this.dim1 = dim1;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = in[0].shape();
        int[] strides = in[0].strides();
        if (shape.length > 0) { // a scalar's only "dims" are 0 and -1, and swapping them changes nothing
            swap(shape, dim0, dim1);
            swap(strides, dim0, dim1);
        }
        return Kernels.view(in[0], shape, strides, in[0].offset());
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.transpose(dim0, dim1)};
    }
}
