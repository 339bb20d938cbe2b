package gradlab.exercises.ex3;

import gradlab.nn.Module;
import gradlab.tensor.Tensor;
import java.util.Random;

/**
 * Exercise 3.2: inverted dropout (PyTorch's {@code nn.Dropout}) as a part-3 {@link Module}.
 *
 * <p><b>Task.</b> Implement {@link #forward}. In training mode ({@link #isTraining()}, the default) zero each
 * element independently with probability p and scale the kept ones by 1 / (1 - p); in eval mode
 * ({@code module.eval()}) return the input unchanged. Draw the random numbers from {@link #random()}, so a seeded
 * layer is reproducible.
 *
 * <p><b>Math.</b>
 * <pre>
 *   y = x * m / (1 - p),   m_i = 1 with probability 1 - p, else 0        dy/dx = m / (1 - p)
 * </pre>
 * so E[y] = x: the expected activation is the same in training and at test time, and eval mode needs no rescaling
 * (that is what "inverted" means). p = 0 is the identity; p = 1 drops everything (zeros, not a division by 0).
 *
 * <p><b>Hint.</b> {@code Tensor.rand(random(), x.shape())} gives uniform numbers in [0, 1); comparing them with p
 * ({@code ge(p)}) gives a 0/1 mask of the right probability. Multiply with tensor ops so autograd gives the gradient.
 */
public final class Dropout extends Module {
    private final double p;
    private final Random random;

    /** Drop probability p in [0, 1]; masks drawn from {@code random}. */
    public Dropout(double p, Random random) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        if (random == null) {
            throw new IllegalArgumentException("Dropout: random is null; pass e.g. new java.util.Random(seed)");
        }
        this.p = p;
        this.random = random;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** The generator the masks are drawn from. */
    public Random random() {
        return random;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0.0);
        }
        Tensor keep = Tensor.rand(random, input.shape()).ge(p).to(input.dtype());
        return input.mul(keep).mul(1.0 / (1.0 - p));
    }
}
