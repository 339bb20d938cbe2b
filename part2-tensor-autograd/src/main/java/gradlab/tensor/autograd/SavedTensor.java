package gradlab.tensor.autograd;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;

/**
 * A tensor an op keeps for its backward pass, stamped with the tensor's version when it was saved.
 *
 * <p>{@link #get()} fails if the tensor was modified in place since (its version moved on): the gradient would
 * silently be computed from the wrong values. It also fails after backward has freed the graph (unless
 * {@code retainGraph} was set). Both messages follow PyTorch's.
 */
public final class SavedTensor {
    private Tensor tensor;
    private final int version;
    private final Function owner;

    SavedTensor(Tensor tensor, Function owner) {
        this.tensor = tensor;
        this.version = tensor.version();
        this.owner = owner;
    }

    /** The saved tensor, checked to be unmodified and not yet freed. */
    public Tensor get() {
        if (tensor == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access"
                    + " saved tensors after they have already been freed). Saved intermediate values of the graph"
                    + " are freed when you call backward(). Specify retainGraph=true if you need to backward through"
                    + " the graph a second time (" + owner.name() + " needed one of them).");
        }
        if (tensor.version() != version) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified"
                    + " by an inplace operation: [" + tensor.dtype() + " " + Shapes.str(tensor.shape())
                    + "] is at version " + tensor.version() + "; expected version " + version
                    + " instead. It was saved by " + owner.name() + " and then modified by "
                    + tensor.lastInPlaceOp() + "(). Use an out-of-place op (e.g. add instead of addInPlace),"
                    + " or clone() the tensor before modifying it.");
        }
        return tensor;
    }

    void release() {
        tensor = null;
    }
}
