package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * Batched matrix product: A [..., n, k] times B [..., k, m] for every batch index, the batch dims broadcast
 * (what matmul does beyond 2-D). Per batch, as in {@link Mm}: dL/dA = G B^T, dL/dB = A^T G; a batch dim that was
 * broadcast sums its gradients back.
 */
public final class Bmm extends Function {
    private SavedTensor a;
    private SavedTensor b;

    @Override
    protected Tensor forward(Tensor... in) {
        a = save(in[0]);
        b = save(in[1]);
        return Kernels.matmul(in[0], in[1]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {
            needsInputGrad(0) ? g.matmul(b.get().transpose(-1, -2)).sumToSize(inputShape(0)) : null,
            needsInputGrad(1) ? a.get().transpose(-1, -2).matmul(g).sumToSize(inputShape(1)) : null
        };
    }
}
