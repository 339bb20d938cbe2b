package gradlab.nn;

import gradlab.tensor.Tensor;

/**
 * A trainable tensor (PyTorch's {@code nn.Parameter}): a leaf that requires grad, so {@code backward()} accumulates
 * dL/dp into {@link #grad()}, and that a {@link Module} lists in {@link Module#parameters()} when it holds it in a
 * field or registers it.
 *
 * <p>A parameter <em>is</em> a tensor: it is used in ops like any other, and an optimizer updates it in place under
 * {@code Tensor.noGrad()}. {@code new Parameter(t)} shares {@code t}'s storage (no copy) but none of its history: it is
 * always a fresh leaf. Freeze it with {@code requiresGrad(false)}: it then gets no gradient (and an optimizer skips it)
 * but is still listed by {@code parameters()} and saved in the state dict, as in PyTorch.
 */
public final class Parameter extends Tensor {

    /** A parameter over {@code data}'s storage that requires grad. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /** A parameter over {@code data}'s storage; {@code requiresGrad = false} makes it frozen from the start. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(checkNotNull(data));
        super.requiresGrad(requiresGrad);
    }

    private static Tensor checkNotNull(Tensor data) {
        if (data == null) {
            throw new IllegalArgumentException("Parameter: data is null; pass a tensor, e.g."
                    + " new Parameter(Tensor.zeros(3, 2))");
        }
        return data;
    }

    /** As PyTorch prints it: {@code Parameter containing:} and the tensor. */
    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
