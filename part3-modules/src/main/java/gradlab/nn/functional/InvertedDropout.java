package gradlab.nn.functional;

import gradlab.tensor.Tensor;
import java.util.Random;

/**
 * Inverted dropout (PyTorch's {@code F.dropout}): in training, each element is kept with probability 1 - p and
 * zeroed with probability p, and the kept ones are scaled by 1 / (1 - p):
 * <pre>
 *   y = x * m / (1 - p),   m_i ~ Bernoulli(1 - p)        dy/dx = m / (1 - p)
 * </pre>
 * so E[y] = x and the network needs no change at test time, where dropout is the identity. ("Inverted" because
 * the original paper scaled by 1 - p at test time instead.) p = 1 drops everything and gives zeros, as PyTorch.
 *
 * <p>In training the uniform draws u come from {@code random} on the host (one {@code nextDouble} per element, in
 * row-major order) and part 2's fused {@code Dropout} op keeps u &gt;= p on x's device ({@code Device.dropout}): the
 * same seed gives the same mask on every device, and resuming from a saved generator state replays it exactly.
 *
 * <p>A mask drawn from a seeded {@link Random} is reproducible; {@link #dropout(Tensor, Tensor, double)} takes the mask
 * explicitly, which is how a gradient check holds the randomness fixed.
 */
public final class InvertedDropout {
    private InvertedDropout() {
    }

    /**
     * Dropout with drop probability p: identity when {@code training} is false, else x * m / (1 - p) with a fresh
     * keep-mask m drawn from {@code random}.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Random random) {
        ArgumentChecks.tensor(x, "dropout", "x");
        ArgumentChecks.notNull(random, "dropout", "random", "a java.util.Random (e.g. new Random(seed))");
        checkP(p);
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0.0);
        }
        // the draws are made on the host from `random` (so every device gets the same mask for the same seed) and
        // one fused device kernel keeps u >= p, scales by 1/(1 - p) and remembers the mask for backward
        Tensor u = Tensor.on(x.device(), x.dtype()).rand(random, x.shape());
        return new gradlab.tensor.ops.Dropout(p, u).apply(x);
    }

    /**
     * Dropout with a given keep-mask (1 = keep, 0 = drop; same shape as x, or broadcastable to it):
     * x * mask / (1 - p). Deterministic, so it can be gradchecked.
     */
    public static Tensor dropout(Tensor x, Tensor keepMask, double p) {
        ArgumentChecks.tensor(x, "dropout", "x");
        ArgumentChecks.tensor(keepMask, "dropout", "keepMask");
        checkP(p);
        if (p == 1) {
            return x.mul(0.0);
        }
        for (double m : keepMask.toDoubleArray()) {
            if (m != 0 && m != 1) {
                throw new IllegalArgumentException("dropout: the keep-mask must hold only 0 (drop) and 1 (keep), got "
                        + m + "; build it with InvertedDropout.keepMask(random, p, shape)");
            }
        }
        return scaleKept(x, keepMask.to(x.dtype()).to(x.device()), p);
    }

    /** x * keep / (1 - p): the kept elements scaled up, so the expected value is x. */
    private static Tensor scaleKept(Tensor x, Tensor keep, double p) {
        return x.mul(keep).mul(1.0 / (1.0 - p));
    }

    /** A keep-mask of the given shape: each element is 1 with probability 1 - p and 0 with probability p. */
    public static Tensor keepMask(Random random, double p, int... shape) {
        ArgumentChecks.notNull(random, "keepMask", "random", "a java.util.Random (e.g. new Random(seed))");
        checkP(p);
        Tensor u = Tensor.rand(random, shape);
        return u.ge(p);
    }

    /** p is a probability; p = 1 is allowed (everything dropped), as in PyTorch. */
    static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability p must be in [0, 1], got p = " + p
                    + "; p is the probability of dropping an element (0.5 is common, 0 disables dropout)");
        }
    }
}
