package gradlab.nn;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;

/**
 * Merges dims startDim..endDim into one (PyTorch's {@code nn.Flatten}); the default (1, -1) keeps the batch dim:
 * [N, C, H, W] becomes [N, C*H*W], ready for a {@link Linear}. A reshape: the gradient is reshaped back.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flatten(startDim = 1, endDim = -1): everything but the batch dim. */
    public Flatten() {
        this(1, -1);
    }

    /** Merges dims startDim..endDim (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int rank = input.dim();
        int s = startDim < 0 ? startDim + rank : startDim;
        int e = endDim < 0 ? endDim + rank : endDim;
        if (rank == 0 || s < 0 || s >= rank || e < 0 || e >= rank || s > e) {
            throw new IllegalArgumentException("Flatten(startDim=" + startDim + ", endDim=" + endDim + "): cannot"
                    + " flatten an input of shape " + Shapes.str(input.shape()) + "; it needs dims " + startDim + ".."
                    + endDim + " (e.g. a batch [N, ...] for the default Flatten(1, -1))");
        }
        return input.flatten(s, e);
    }

    @Override
    protected String extraRepr() {
        return "startDim=" + startDim + ", endDim=" + endDim;
    }
}
