package gradlab.exercises.ex3;

import gradlab.nn.functional.Reduction;
import gradlab.nn.loss.Loss;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;

/**
 * Exercise 3.3: a numerically stable cross-entropy loss of logits against class indices, mean over the batch
 * (PyTorch's {@code nn.CrossEntropyLoss()}), as a part-3 {@link Loss}.
 *
 * <p><b>Task.</b> Implement {@link #forward}: logits x of shape [N, C], target y of shape [N] holding class
 * indices 0..C-1 (as doubles); return the scalar mean loss. Do not call the engine's {@code logSoftmax},
 * {@code logSumExp} or {@code crossEntropy}: writing the stable form is the exercise.
 *
 * <p><b>Math.</b>
 * <pre>
 *   l_n = -log softmax(x_n)[y_n] = -x_n[y_n] + log sum_c e^(x_n[c])
 *   log sum_c e^(x_c) = m + log sum_c e^(x_c - m)       with m = max_c x_c   (the log-sum-exp trick)
 *   loss = (1/N) sum_n l_n                               dloss/dx_n = (softmax(x_n) - onehot(y_n)) / N
 * </pre>
 * Without the shift, e^1000 overflows to infinity and the loss becomes NaN; with it the largest exponent is e^0 = 1.
 *
 * <p><b>Hint.</b> {@code x.max(1, true).detach()} gives m as [N, 1] (detached: the shift does not change the value,
 * so no gradient needs to flow through it). {@code Tensor.oneHot(y, C)} picks x_n[y_n] by a product and a sum.
 */
public final class CrossEntropyLoss extends Loss {

    public CrossEntropyLoss() {
        super(Reduction.MEAN);
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        if (logits.dim() != 2 || target.dim() != 1 || target.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("CrossEntropyLoss: expected logits [N, C] and target [N], got "
                    + Shapes.str(logits.shape()) + " and " + Shapes.str(target.shape()));
        }
        int classes = logits.size(1);
        Tensor m = logits.max(1, true).detach();
        Tensor shifted = logits.sub(m);
        Tensor logSumExp = shifted.exp().sum(1, true).log();
        Tensor logProbs = shifted.sub(logSumExp);
        Tensor picked = logProbs.mul(Tensor.oneHot(target, classes).to(logits.dtype())).sum(1);
        return picked.mean().neg();
    }
}
