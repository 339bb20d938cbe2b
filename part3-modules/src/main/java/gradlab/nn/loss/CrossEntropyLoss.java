package gradlab.nn.loss;

import gradlab.nn.functional.Losses;
import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;

/**
 * Cross-entropy of logits [N, C] against class indices [N]: logSoftmax and NLL in one stable step (PyTorch's {@code nn.CrossEntropyLoss}); see {@link Losses#crossEntropy(Tensor, Tensor, Tensor, int, Reduction)}.
 * Class weights and ignoreIndex are optional.
 */
public final class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final int ignoreIndex;

    /** Mean over examples, no class weights. */
    public CrossEntropyLoss() {
        this(null, Losses.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this(null, Losses.DEFAULT_IGNORE_INDEX, reduction);
    }

    /**
     * @param weight      per-class weights [C], or null
     * @param ignoreIndex a target value that contributes nothing (PyTorch's default is -100)
     */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : weight.detach();
        this.ignoreIndex = ignoreIndex;
    }

    /** The class weights, or null. */
    public Tensor weight() {
        return weight;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction());
    }
}
