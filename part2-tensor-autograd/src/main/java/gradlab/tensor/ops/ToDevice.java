package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.device.Device;

/** A copy on another device (PyTorch's {@code x.to(device)}, ToCopyBackward). The gradient is copied back. */
public final class ToDevice extends Function {
    private final Device target;
    private Device source;

    public ToDevice(Device target) {
        this.target = target;
    }

    @Override
    public String name() {
        return "ToCopyBackward";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        source = in[0].device();
        return Kernels.transfer(in[0], target);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.to(source)};
    }
}
