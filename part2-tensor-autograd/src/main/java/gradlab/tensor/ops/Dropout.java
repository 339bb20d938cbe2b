package gradlab.tensor.ops;

import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * Inverted dropout with given uniform draws u (PyTorch's {@code native_dropout}): one fused device kernel
 * ({@link Kernels#dropout}) computes
 * <pre>
 *   mask = u &gt;= p ? 1 / (1 - p) : 0,     y = x * mask,     dL/dx = g * mask
 * </pre>
 * With u uniform in [0, 1) each element is kept with probability 1 - p and E[y] = x.
 *
 * <p><b>Where the randomness comes from.</b> The draws u are an input of the op, made on the host from the shared
 * generator (part 3's {@code InvertedDropout} draws them with {@code rand}), not inside the kernel. So the same seed
 * gives the same masks on every device, bit for bit, and a checkpoint that saves the generator's state resumes exactly.
 * The price is one uniform per element drawn on the host and copied to the device, where a counter-based generator in
 * the kernel (PyTorch's CUDA dropout uses Philox) would need none but would give each device its own masks.
 *
 * <p>u is a constant (no gradient flows into it); with u fixed the op is a plain function of x, which is how it is
 * gradchecked. 0 &lt;= p &lt; 1 (p = 1, dropping everything, is a multiplication by 0 in the caller).
 */
public final class Dropout extends Function {
    private final double p;
    private final Tensor uniform;
    private SavedTensor mask;

    /**
     * @param p       the drop probability, in [0, 1)
     * @param uniform draws from [0, 1) with x's shape (converted to x's dtype, on x's device)
     */
    public Dropout(double p, Tensor uniform) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: drop probability p must be in [0, 1), got p = " + p
                    + "; for p = 1 (drop everything) multiply by 0 instead");
        }
        if (uniform == null) {
            throw new IllegalArgumentException("Dropout: uniform is null; pass uniform draws with the input's shape,"
                    + " e.g. Tensor.on(x.device(), x.dtype()).rand(generator, x.shape())");
        }
        this.p = p;
        this.uniform = uniform.detach();
    }

    @Override
    protected Tensor forward(Tensor... in) {
        if (!java.util.Arrays.equals(in[0].shape(), uniform.shape())) {
            throw new IllegalArgumentException("Dropout: the uniform draws have shape "
                    + java.util.Arrays.toString(uniform.shape()) + " but the input has shape "
                    + java.util.Arrays.toString(in[0].shape()) + "; draw one uniform per input element");
        }
        Tensor[] outAndMask = Kernels.dropout(in[0], uniform, p);
        mask = save(outAndMask[1]);
        return outAndMask[0];
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(mask.get())};
    }
}
