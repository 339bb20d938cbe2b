package gradlab.nn.loss;

import gradlab.nn.functional.Losses;
import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities [N, C] (e.g. from LogSoftmax) at class indices [N] (PyTorch's {@code nn.NLLLoss}); see {@link Losses#nllLoss(Tensor, Tensor, Tensor, int, Reduction)}.
 * Class weights and ignoreIndex are optional.
 */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    private final int ignoreIndex;

    /** Mean over examples, no class weights. */
    public NLLLoss() {
        this(null, Losses.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        this(null, Losses.DEFAULT_IGNORE_INDEX, reduction);
    }

    /**
     * @param weight      per-class weights [C], or null
     * @param ignoreIndex a target value that contributes nothing (PyTorch's default is -100)
     */
    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
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
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction());
    }
}
