package gradlab.tensor.ops;

import gradlab.tensor.DType;
import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** A copy converted to another dtype (PyTorch's ToCopyBackward). The gradient is converted back. */
public final class ToDType extends Function {
    private final DType target;
    private DType source;

    public ToDType(DType target) {
        this.target = target;
    }

    @Override
    public String name() {
        return "ToCopyBackward";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        source = in[0].dtype();
        return Kernels.copy(in[0], target);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.to(source)};
    }
}
