package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.UnaryOp;

/**
 * sign(x): -1, 0 or 1 per element (Math.signum). <b>Not differentiable</b> (a step function; nothing is recorded).
 * NaN stays NaN, as in NumPy; PyTorch gives 0 there (pytorch/pytorch#41245, open since 2020), which would hide a NaN
 * from every check downstream.
 */
public final class Sign {
    private Sign() {
    }

    public static Tensor sign(Tensor x) {
        return Kernels.unary(UnaryOp.SIGN, 0, x);
    }
}
