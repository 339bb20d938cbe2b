package gradlab.exercises.ex2;

import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;

/** Crafted submission: does not compile (a missing semicolon and an unknown method). */
public final class MatMul extends Function {

    public static Tensor mm(Tensor a, Tensor b) {
        return new MatMul().apply(a, b)
    }

    @Override
    protected Tensor forward(Tensor... in) {
        return in[0].matmulTypo(in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g, g};
    }
}
