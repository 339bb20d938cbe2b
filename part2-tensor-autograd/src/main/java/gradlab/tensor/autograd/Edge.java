package gradlab.tensor.autograd;

import gradlab.tensor.Tensor;

/**
 * Where the gradient of one input of a {@link Function} goes during backward: either on to the function that made
 * that input (a non-leaf), or into the {@code grad} of a leaf tensor (PyTorch's AccumulateGrad). Exactly one of the
 * two is non-null.
 */
public record Edge(Function function, Tensor leaf) {
}
