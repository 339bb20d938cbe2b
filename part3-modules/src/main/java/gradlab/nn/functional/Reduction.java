package gradlab.nn.functional;

import gradlab.tensor.Tensor;
import java.util.Locale;

/** How a loss turns its per-element losses into its result (PyTorch's {@code reduction=} argument). */
public enum Reduction {
    /** The mean of the per-element losses (PyTorch's default): the loss does not grow with the batch size. */
    MEAN,
    /** Their sum. */
    SUM,
    /** No reduction: the per-element losses, e.g. to weight them yourself. */
    NONE;

    /** Applies this reduction to per-element losses. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }

    /** PyTorch's spelling: "mean", "sum" or "none". */
    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reduction must be \"mean\", \"sum\" or \"none\", got \"" + name + "\"");
    }
}
