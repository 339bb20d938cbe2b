/**
 * The functions behind the layers of {@code gradlab.nn} (PyTorch's {@code torch.nn.functional}): activations,
 * inverted dropout, batch and layer normalisation, and losses. Each is built from part 2's differentiable tensor
 * ops, so its gradient (and second derivative) comes from the tape; the tests gradcheck every one.
 */
package gradlab.nn.functional;
