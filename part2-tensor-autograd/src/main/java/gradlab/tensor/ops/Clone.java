package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** A row-major copy with its own storage (also what contiguous() does for a strided view). dy/dx = 1. */
public final class Clone extends Function {
    @Override
    protected Tensor forward(Tensor... in) {
        return Kernels.copy(in[0], in[0].dtype());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g};
    }
}
