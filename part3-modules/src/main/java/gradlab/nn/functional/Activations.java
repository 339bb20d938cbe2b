package gradlab.nn.functional;

import gradlab.tensor.Tensor;

/**
 * Elementwise nonlinearities and the (log-)softmax, as in {@code torch.nn.functional}. A network without them is a
 * single linear map however many layers it has: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2).
 *
 * <p>relu, leakyRelu, sigmoid, tanh, softmax and logSoftmax are part 2's ops; GELU is composed here from erf (exact)
 * or tanh (approximation).
 */
public final class Activations {
    /** sqrt(2 / pi), the slope of GELU's tanh approximation. */
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    /** 1 / sqrt(2): Phi(x) = (1 + erf(x / sqrt 2)) / 2. */
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);

    private Activations() {
    }

    /** relu(x) = max(x, 0). d/dx = 1 for x &gt; 0, 0 for x &lt; 0 (0 at the kink, as PyTorch). */
    public static Tensor relu(Tensor x) {
        ArgumentChecks.tensor(x, "relu", "x");
        return x.relu();
    }

    /** leakyRelu(x) = x for x &gt; 0, slope * x otherwise. d/dx = 1 or slope. PyTorch's default slope is 0.01. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        ArgumentChecks.tensor(x, "leakyRelu", "x");
        return x.leakyRelu(negativeSlope);
    }

    /** s(x) = 1 / (1 + e^-x). d/dx = s (1 - s). */
    public static Tensor sigmoid(Tensor x) {
        ArgumentChecks.tensor(x, "sigmoid", "x");
        return x.sigmoid();
    }

    /** tanh x. d/dx = 1 - tanh^2 x. */
    public static Tensor tanh(Tensor x) {
        ArgumentChecks.tensor(x, "tanh", "x");
        return x.tanh();
    }

    /**
     * softmax(x)_i = e^(x_i) / sum_j e^(x_j) along dim (stable: the max is subtracted first).
     * d softmax_i / d x_j = s_i (delta_ij - s_j).
     */
    public static Tensor softmax(Tensor x, int dim) {
        ArgumentChecks.tensor(x, "softmax", "x");
        return x.softmax(dim);
    }

    /** logSoftmax(x)_i = x_i - log sum_j e^(x_j) along dim. d/dx_j = delta_ij - softmax_j. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        ArgumentChecks.tensor(x, "logSoftmax", "x");
        return x.logSoftmax(dim);
    }

    /** The exact GELU, PyTorch's default: {@code gelu(x, GeluApproximation.NONE)}. */
    public static Tensor gelu(Tensor x) {
        return gelu(x, GeluApproximation.NONE);
    }

    /**
     * GELU(x) = x Phi(x), Phi the standard normal CDF: the input weighted by how likely a standard normal is
     * below it.
     * <ul>
     *   <li>{@link GeluApproximation#NONE}: x/2 (1 + erf(x / sqrt 2)); d/dx = Phi(x) + x phi(x), with
     *       phi(x) = e^(-x^2/2) / sqrt(2 pi).</li>
     *   <li>{@link GeluApproximation#TANH}: x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (Hendrycks and Gimpel;
     *       within about 5e-4 of the exact GELU).</li>
     * </ul>
     */
    public static Tensor gelu(Tensor x, GeluApproximation approximation) {
        ArgumentChecks.tensor(x, "gelu", "x");
        ArgumentChecks.notNull(approximation, "gelu", "approximation", "GeluApproximation.NONE or TANH");
        Tensor inner;
        if (approximation == GeluApproximation.TANH) {
            inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
        } else {
            inner = x.mul(INV_SQRT_2).erf();
        }
        return x.mul(0.5).mul(inner.add(1.0));
    }
}
