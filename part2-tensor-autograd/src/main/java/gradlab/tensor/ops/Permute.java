package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** Output dim i is input dim dims[i] (a view: sizes and strides reordered). Backward applies the inverse order. */
public final class Permute extends Function {
    private final int[] dims;

    public Permute(int[] dims) {
        this.dims = dims.clone();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int[] shape = new int[dims.length];
        int[] strides = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = in[0].size(dims[i]);
            strides[i] = in[0].strides()[dims[i]];
        }
        return Kernels.view(in[0], shape, strides, in[0].offset());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int[] inverse = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            inverse[dims[i]] = i;
        }
        return new Tensor[] {g.permute(inverse)};
    }
}
