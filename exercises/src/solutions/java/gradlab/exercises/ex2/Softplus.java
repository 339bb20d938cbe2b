package gradlab.exercises.ex2;

import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.SavedTensor;

/**
 * Exercise 2.3: a brand-new op, forward and backward, proved with gradcheck: softplus(x) = ln(1 + e^x), a smooth
 * ReLU (PyTorch's {@code F.softplus} with beta = 1).
 *
 * <p><b>Task.</b> Implement {@link #forward} (save what backward needs with {@link #save}) and {@link #backward}.
 * Use it as {@code Softplus.softplus(x)}. The public tests run part 2's gradient checker on it at seeded random
 * points and on non-contiguous inputs, and compare values with a stable reference, including at |x| = 1000.
 *
 * <p><b>Math.</b>
 * <pre>
 *   softplus(x) = ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|)      (the right form never overflows)
 *   d/dx softplus(x) = e^x / (1 + e^x) = sigmoid(x)
 * </pre>
 *
 * <p><b>Hint.</b> Computing ln(1 + e^x) directly gives infinity at x = 1000: use the stable form. Forward may use
 * tensor ops ({@code relu}, {@code abs}, {@code neg}, {@code exp}, {@code add}, {@code log}) inside
 * {@code try (var off = Tensor.noGrad()) { ... }} so that they are not recorded (this op records itself). Write
 * backward with tensor ops too ({@code g.mul(x.sigmoid())}), so that gradgradcheck can differentiate it again.
 */
public final class Softplus extends Function {
    private SavedTensor x;

    /** softplus(x) through this op. */
    public static Tensor softplus(Tensor x) {
        return new Softplus().apply(x);
    }

    @Override
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    protected Tensor forward(Tensor... in) {
        x = save(in[0]);
        try (var off = Tensor.noGrad()) {
            return in[0].relu().add(in[0].abs().neg().exp().add(1.0).log());
        }
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(x.get().sigmoid())};
    }
}
