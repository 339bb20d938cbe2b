package gradlab.nn.functional;

/** How {@link Activations#gelu(gradlab.tensor.Tensor, GeluApproximation)} computes Phi(x) (PyTorch's approximate=). */
public enum GeluApproximation {
    /** Exact: Phi(x) = (1 + erf(x / sqrt 2)) / 2 (PyTorch's approximate='none'). */
    NONE,
    /** Phi(x) ~ (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2 (PyTorch's approximate='tanh', used by GPT-2). */
    TANH
}
