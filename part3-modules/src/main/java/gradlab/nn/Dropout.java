package gradlab.nn;

import gradlab.nn.functional.InvertedDropout;
import gradlab.tensor.Tensor;
import java.util.Random;

/**
 * Inverted dropout as a layer (PyTorch's {@code nn.Dropout}): in training mode each element is zeroed with
 * probability p and the rest are scaled by 1 / (1 - p); in eval mode ({@link Module#eval()}) it is the identity.
 * See {@link InvertedDropout}.
 *
 * <p>The masks come from the {@link Random} it is given: pass a seed (or share one seeded Random among the layers
 * of a model, like PyTorch's global generator) to make a training run replayable.
 */
public final class Dropout extends Module {
    private final double p;
    private final Random random;

    /** Drop probability p, masks from an unseeded Random (not replayable; see {@link #Dropout(double, long)}). */
    public Dropout(double p) {
        this(p, new Random());
    }

    /** Drop probability p, masks from {@code new Random(seed)}: the same seed gives the same masks. */
    public Dropout(double p, long seed) {
        this(p, new Random(seed));
    }

    /** Drop probability p, masks from {@code random} (which may be shared with other layers). */
    public Dropout(double p, Random random) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability p must be in [0, 1], got p = " + p
                    + "; p is the probability of dropping an element (0.5 is common, 0 disables dropout)");
        }
        if (random == null) {
            throw new IllegalArgumentException("Dropout: random is null; pass a seed or a java.util.Random");
        }
        this.p = p;
        this.random = random;
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return InvertedDropout.dropout(input, p, isTraining(), random);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
