package gradlab.nn.loss;

import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;

/**
 * A loss: a scalar (or per-element, with {@link Reduction#NONE}) measure of how far {@code input} is from
 * {@code target}, to be minimised.
 *
 * <p><b>Why not a Module?</b> In PyTorch losses are Modules, but a Module's forward takes one tensor and a loss needs
 * two; and a loss has no trainable parameters and is not part of the model whose {@code parameters()} an optimizer
 * trains. So here a loss is its own small type with {@code forward(input, target)}: the compiler rejects
 * {@code loss.forward(x)}, and a loss cannot be put into a {@code Sequential} by mistake. The training loop reads
 * as in PyTorch: {@code Tensor l = lossFn.forward(model.forward(x), y); l.backward();}
 */
public abstract class Loss {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction is null; use Reduction.MEAN"
                    + " (the default), SUM or NONE");
        }
        this.reduction = reduction;
    }

    /** How per-element losses are combined. */
    public final Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} (the model's output) against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
