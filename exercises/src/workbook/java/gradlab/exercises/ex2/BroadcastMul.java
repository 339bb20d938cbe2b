package gradlab.exercises.ex2;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;
import gradlab.tensor.device.BinaryOp;

/**
 * Exercise 2.1: the backward of element-wise multiplication with broadcasting, z = a * b.
 *
 * <p>Forward is given: it multiplies through the device kernel, broadcasting a and b against each other as
 * PyTorch does (a [3, 1] times b [4] gives z [3, 4]), and saves both inputs. It is a real part-2 op: use it as
 * {@code BroadcastMul.mul(a, b)} in any graph, and {@code z.backward()} calls your {@link #backward}.
 *
 * <p><b>Task.</b> Implement {@link #backward}: given G = dL/dz (shape of z), return {dL/da, dL/db}, each with its
 * input's shape.
 *
 * <p><b>Math.</b> Element-wise, dz/da = b and dz/db = a, so dL/da = G * b and dL/db = G * a (broadcast products).
 * But a broadcast input was used once per copy: a [3, 1] is copied along the 4 columns, so its gradient is the sum
 * of the gradients of its copies. "Un-broadcasting" sums G * b over every dimension that was broadcast:
 * {@code (G * b).sumToSize(shape of a)}.
 *
 * <p><b>Hint.</b> {@link #inputShape(int)} gives an input's shape; {@link Tensor#sumToSize(int...)} sums over the
 * broadcast dimensions. Write backward with tensor ops ({@code mul}, {@code sumToSize}), never with loops over
 * doubles, so that it can itself be differentiated. Return null for an input that does not need a gradient
 * ({@link #needsInputGrad(int)}), or compute it anyway.
 */
public final class BroadcastMul extends Function {
    private SavedTensor a;
    private SavedTensor b;

    /** a * b through this op (records it in the graph when an input requires grad). */
    public static Tensor mul(Tensor a, Tensor b) {
        return new BroadcastMul().apply(a, b);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.binary("mul", BinaryOp.MUL, in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        throw new UnsupportedOperationException("TODO ex2.1: BroadcastMul.backward must return {dL/da, dL/db}, un-broadcast to the inputs' shapes");
    }
}
