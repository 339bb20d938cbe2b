package gradlab.tensor;

import java.util.Random;

/**
 * A seedable source of random numbers whose whole state can be read and restored (PyTorch's
 * {@code torch.Generator}): a checkpoint saves {@link #getState()} and a resumed run continues the same sequence.
 *
 * <p>It draws exactly the numbers {@code new java.util.Random(seed)} draws (the same 48-bit linear congruential
 * generator, x' = (0x5DEECE66D x + 11) mod 2^48, and the same polar method for Gaussians); unlike
 * {@code Random} it exposes its state. Being a {@code Random}, it can be passed wherever one is expected.
 *
 * <p>{@link #defaultGenerator()} is the one that {@link Tensor#randn(int...)}, part 3's initialisers and dropout draw
 * from when given no generator; {@link Tensor#manualSeed(long)} reseeds it (PyTorch's {@code torch.manual_seed}).
 * Not thread-safe: give each thread its own generator.
 */
public final class Generator extends Random {
    private static final long serialVersionUID = 1L;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    /** PyTorch's default seed, so an unseeded program is still reproducible. */
    public static final long DEFAULT_SEED = 67280421310721L;
    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

    /** The whole state: the 48-bit LCG value and the second Gaussian of the last pair, if one is waiting. */
    public record State(long lcg, boolean hasSpareGaussian, double spareGaussian) {
    }

    private long lcg;
    private boolean hasSpareGaussian;
    private double spareGaussian;
    private long initialSeed;

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        super(seed);
        manualSeed(seed);
    }

    /** The generator used when none is given. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Restarts the sequence from {@code seed}; returns this generator. */
    public Generator manualSeed(long seed) {
        initialSeed = seed;
        lcg = (seed ^ MULTIPLIER) & MASK;
        hasSpareGaussian = false;
        return this;
    }

    /** The seed last given to the constructor or {@link #manualSeed}. */
    public long initialSeed() {
        return initialSeed;
    }

    /** The current state; {@link #setState} with it replays every number drawn after this call. */
    public State getState() {
        return new State(lcg, hasSpareGaussian, spareGaussian);
    }

    /** Restores a state returned by {@link #getState()}. */
    public void setState(State state) {
        if (state == null) {
            throw new IllegalArgumentException("setState: state is null; pass a value returned by getState()");
        }
        if ((state.lcg() & ~MASK) != 0) {
            throw new IllegalArgumentException("setState: lcg " + state.lcg() + " is not a 48-bit value; pass a value"
                    + " returned by getState()");
        }
        lcg = state.lcg();
        hasSpareGaussian = state.hasSpareGaussian();
        spareGaussian = state.spareGaussian();
    }

    @Override
    public void setSeed(long seed) {
        manualSeed(seed); // Random's constructor calls this too
    }

    @Override
    protected int next(int bits) {
        lcg = (lcg * MULTIPLIER + ADDEND) & MASK;
        return (int) (lcg >>> (48 - bits));
    }

    @Override
    public double nextDouble() {
        return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }

    /** A standard normal sample by the polar method: two per pair of uniforms, the second kept for the next call. */
    @Override
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v2 * multiplier;
        hasSpareGaussian = true;
        return v1 * multiplier;
    }
}
