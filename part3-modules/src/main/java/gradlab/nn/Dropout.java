package gradlab.nn;

import gradlab.nn.functional.InvertedDropout;
import gradlab.tensor.Tensor;
import java.util.Random;

/**
 * Inverted dropout as a layer (PyTorch's {@code nn.Dropout}): in training mode each element is zeroed with
 * probability p and the rest are scaled by 1 / (1 - p); in eval mode ({@link Module#eval()}) it is the identity.
 * See {@link InvertedDropout}.
 *
 * <p>The masks come from the {@link Random} it is given, or, without one, from the shared default generator
 * {@link Init#defaultRandom()}, part 2's default {@code Generator} (PyTorch's global generator): it starts from a
 * fixed seed and {@code Tensor.manualSeed} reseeds it, as {@code torch.manual_seed} does, so a training run is replayable
 * either way.
 */
public final class Dropout extends Module {
    private final double p;
    /** The generator of the masks; null: the default generator, looked up at each forward. */
    private final Random random;

    /**
     * Drop probability p, masks from the default generator {@link Init#defaultRandom()} as it is at each forward,
     * so {@code Tensor.manualSeed(seed)} (even after the layer is built) replays the same masks.
     */
    public Dropout(double p) {
        checkP(p);
        this.p = p;
        this.random = null;
    }

    /** Drop probability p, masks from {@code new Random(seed)}: the same seed gives the same masks. */
    public Dropout(double p, long seed) {
        this(p, new Random(seed));
    }

    /** Drop probability p, masks from {@code random} (which may be shared with other layers). */
    public Dropout(double p, Random random) {
        checkP(p);
        if (random == null) {
            throw new IllegalArgumentException("Dropout: random is null; pass a seed or a java.util.Random, or use"
                    + " new Dropout(p) to draw from the default generator (Tensor.manualSeed reseeds it)");
        }
        this.p = p;
        this.random = random;
    }

    private static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability p must be in [0, 1], got p = " + p
                    + "; p is the probability of dropping an element (0.5 is common, 0 disables dropout)");
        }
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return InvertedDropout.dropout(input, p, isTraining(), random != null ? random : Init.defaultRandom());
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
