package gradlab.tensor.check;

import gradlab.tensor.Tensor;

/** A function of tensors to check, e.g. {@code in -> in[0].mul(in[1]).sum(1, false)}. */
@FunctionalInterface
public interface TensorFunction {
    Tensor apply(Tensor... inputs);
}
