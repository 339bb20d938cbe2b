package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/**
 * z = a^b with a tensor exponent (broadcast).
 *
 * <p>dz/da = b a^(b-1), taken as 0 where b = 0 (a^0 = 1 for every a, 0^0 included), as in PyTorch; dz/db = a^b ln a.
 * Where a = 0 and b &gt;= 0 the second is taken as 0 (its limit), as in PyTorch; for a &lt; 0 it is NaN.
 */
public final class Pow extends Function {
    private SavedTensor a;
    private SavedTensor b;

    @Override
    public String name() {
        return "PowBackward";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.binary("pow", BinaryOp.POW, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor av = a.get();
        Tensor bv = b.get();
        Tensor ga = null;
        Tensor gb = null;
        if (needsInputGrad(0)) {
            // b = 0: a^0 = 1 is constant, so dz/da = 0 (b a^(b-1) would give 0 * inf = NaN at a = 0)
            ga = g.mul(bv).mul(av.pow(bv.sub(1.0))).maskedFill(bv.eq(0.0), 0.0).sumToSize(inputShape(0));
        }
        if (needsInputGrad(1)) {
            Tensor zeroBase = av.eq(0.0).mul(bv.ge(0.0));
            gb = g.mul(av.pow(bv)).mul(av.log()).maskedFill(zeroBase, 0.0).sumToSize(inputShape(1));
        }
        return new Tensor[] {ga, gb};
    }
}
