package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.UnaryOp;

/**
 * The error function y = erf x = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt (used by the exact GELU,
 * x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))). dy/dx = 2/sqrt(pi) * e^(-x^2).
 *
 * <p>Backward is written with tensor ops (exp, mul), so it is itself differentiable (second derivatives work).
 */
public final class Erf extends Function {
    /** 2 / sqrt(pi). */
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private SavedTensor x;

    @Override
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        return Kernels.unary(UnaryOp.ERF, 0, in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor xv = x.get();
        return new Tensor[] {g.mul(xv.mul(xv).neg().exp().mul(TWO_OVER_SQRT_PI))};
    }
}
