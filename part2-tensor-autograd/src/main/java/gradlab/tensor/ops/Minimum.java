package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/** z = min(a, b) elementwise (broadcast). dz/da = 1 where a &lt; b, 1/2 on a tie, else 0; b the other way. */
public final class Minimum extends Function {
    private SavedTensor a;
    private SavedTensor b;

    @Override
    protected Tensor forward(Tensor... in) {
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.binary("minimum", BinaryOp.MINIMUM, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor av = a.get();
        Tensor bv = b.get();
        Tensor half = av.eq(bv).mul(0.5);
        return new Tensor[] {
            g.mul(av.lt(bv).add(half)).sumToSize(inputShape(0)),
            g.mul(bv.lt(av).add(half)).sumToSize(inputShape(1))
        };
    }
}
