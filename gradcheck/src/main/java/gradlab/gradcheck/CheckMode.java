package gradlab.gradcheck;

/** How much of the gradient gradcheck compares with central differences. */
public enum CheckMode {
    /**
     * Every element: the whole Jacobian of every input (one backward call per output element, two forward calls per
     * input element), then one vector-Jacobian product with a random upstream gradient. Use it for small inputs.
     */
    FULL,
    /**
     * k random elements of every input (seeded), each for one random upstream gradient, as CS231n's
     * {@code grad_check_sparse}. Use it when the Jacobian is too big to build.
     */
    SPARSE,
    /**
     * One random direction per input: compares the directional derivative u&middot;J&middot;v by central differences with
     * u&middot;(backward(u))&middot;v. Two forward calls per input, whatever the size (PyTorch's fast mode).
     */
    FAST
}
