package gradlab.nn.loss;

import gradlab.nn.functional.Losses;
import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;

/**
 * Binary cross-entropy of logits against targets in [0, 1], sigmoid included and computed stably (PyTorch's
 * {@code nn.BCEWithLogitsLoss}); see {@link Losses#binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Reduction)}.
 * For binary and multi-label classification: one logit per label, no sigmoid layer before it.
 */
public final class BCEWithLogitsLoss extends Loss {
    private final Tensor posWeight;

    /** Mean over elements, no posWeight. */
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        this(null, reduction);
    }

    /** @param posWeight weight of the positive term, broadcast against the target (e.g. one per label), or null */
    public BCEWithLogitsLoss(Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.posWeight = posWeight == null ? null : posWeight.detach();
    }

    public Tensor posWeight() {
        return posWeight;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, posWeight, reduction());
    }
}
