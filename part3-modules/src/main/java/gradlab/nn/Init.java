package gradlab.nn;

import gradlab.tensor.Shapes;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.Random;

/**
 * Weight initialisation, in place, with PyTorch's conventions ({@code torch.nn.init}). Each method fills a tensor
 * (usually a {@link Parameter}, under {@code noGrad}) and returns it.
 *
 * <p><b>Fans.</b> For a weight of shape [out, in, k1, k2, ...] (a Linear weight is [out, in]), with
 * r = k1*k2*... the receptive field size: fanIn = in * r and fanOut = out * r. A tensor of fewer than 2 dims has no
 * fans.
 *
 * <p><b>Why these scales.</b> A unit summing fanIn inputs of variance 1 through weights of variance s^2 has variance
 * fanIn * s^2. Keeping it 1 needs s^2 = 1/fanIn; a ReLU halves the variance, hence Kaiming's s^2 = 2/fanIn;
 * Xavier balances the forward and backward passes with s^2 = 2/(fanIn + fanOut). A uniform U(-b, b) has variance
 * b^2/3, so its bound is b = sqrt(3) * s.
 * <ul>
 *   <li>xavierUniform: b = gain * sqrt(6 / (fanIn + fanOut)); xavierNormal: s = gain * sqrt(2 / (fanIn + fanOut))</li>
 *   <li>kaimingUniform: b = sqrt(3) * gain / sqrt(fan); kaimingNormal: s = gain / sqrt(fan), with fan = fanIn (keeps
 *       the forward variance) or fanOut (keeps the backward one)</li>
 *   <li>gain: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky relu,
 *       3/4 for selu ({@link #calculateGain})</li>
 * </ul>
 *
 * <p><b>Seeding.</b> Every method takes a {@link Random}; the overloads without one draw from part 2's default
 * generator ({@link Generator#defaultGenerator()}), the one {@code Tensor.randn} and dropout use too. It starts from a
 * fixed seed (so a program is reproducible run to run, as PyTorch's is) and {@code Tensor.manualSeed} (or
 * {@link #manualSeed}) reseeds it, as {@code torch.manual_seed} governs all of PyTorch's random numbers.
 */
public final class Init {
    /** The default generator's seed at start-up (PyTorch's). */
    public static final long DEFAULT_SEED = Generator.DEFAULT_SEED;

    private Init() {
    }

    /** Which fan Kaiming initialisation scales by. */
    public enum FanMode {
        /** Keeps the variance of the activations in the forward pass. */
        FAN_IN,
        /** Keeps the variance of the gradients in the backward pass. */
        FAN_OUT
    }

    /** The non-linearity a layer's output goes through, which sets the recommended gain. */
    public enum Nonlinearity {
        LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU
    }

    /** Reseeds the default generator (the same as {@code Tensor.manualSeed}). */
    public static void manualSeed(long seed) {
        Tensor.manualSeed(seed);
    }

    /** The shared default generator (see {@link #manualSeed}). */
    public static Random defaultRandom() {
        return Generator.defaultGenerator();
    }

    // -------------------------------------------------------------------------------------------- gains and fans

    /** The recommended gain for {@code nonlinearity} (leaky relu with PyTorch's default slope 0.01). */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, 0.01);
    }

    /** The recommended gain; {@code negativeSlope} is used by LEAKY_RELU only: sqrt(2 / (1 + slope^2)). */
    public static double calculateGain(Nonlinearity nonlinearity, double negativeSlope) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            case SELU -> 3.0 / 4.0;
        };
    }

    /** in * (receptive field size) for a weight of shape [out, in, k...]. */
    public static int fanIn(Tensor weight) {
        checkFans("fanIn", weight);
        return weight.size(1) * receptiveField(weight);
    }

    /** out * (receptive field size) for a weight of shape [out, in, k...]. */
    public static int fanOut(Tensor weight) {
        checkFans("fanOut", weight);
        return weight.size(0) * receptiveField(weight);
    }

    private static int receptiveField(Tensor weight) {
        int r = 1;
        for (int d = 2; d < weight.dim(); d++) {
            r *= weight.size(d);
        }
        return r;
    }

    private static void checkFans(String what, Tensor weight) {
        requireTensor(what, weight);
        if (weight.dim() < 2) {
            throw new IllegalArgumentException(what + ": fan in and fan out can not be computed for a tensor of shape "
                    + Shapes.str(weight.shape()) + "; it needs at least 2 dims [out, in, ...]. Xavier and Kaiming are"
                    + " for weights; fill a 1-D tensor such as a bias with uniform(t, -b, b) or normal(t, 0, s)");
        }
    }

    // -------------------------------------------------------------------------------------------- plain fills

    private static void requireTensor(String what, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(what + ": tensor t is null; pass the tensor to fill, e.g."
                    + " linear.weight()");
        }
    }

    private static void requireRandom(String what, Random random) {
        if (random == null) {
            throw new IllegalArgumentException(what + ": random is null; pass a java.util.Random (new Random(seed)),"
                    + " or call the overload without one to use the default generator");
        }
    }

    /** Fills with samples of U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Random random) {
        requireTensor("uniform", t);
        requireRandom("uniform", random);
        if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
            throw new IllegalArgumentException("uniform: need low <= high (both finite numbers), got low=" + low
                    + " high=" + high + "; swap them if they are the wrong way round");
        }
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return set(t, v);
    }

    /** Fills with samples of U(low, high) from the default generator. */
    public static Tensor uniform(Tensor t, double low, double high) {
        return uniform(t, low, high, defaultRandom());
    }

    /** Fills with samples of N(mean, std^2). */
    public static Tensor normal(Tensor t, double mean, double std, Random random) {
        requireTensor("normal", t);
        requireRandom("normal", random);
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: need a finite mean and a finite std >= 0, got mean=" + mean
                    + " std=" + std + " (e.g. normal(t, 0, 0.02))");
        }
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * random.nextGaussian();
        }
        return set(t, v);
    }

    /** Fills with samples of N(mean, std^2) from the default generator. */
    public static Tensor normal(Tensor t, double mean, double std) {
        return normal(t, mean, std, defaultRandom());
    }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        requireTensor("constant", t);
        try (var g = Tensor.noGrad()) {
            return t.fill(value);
        }
    }

    /** Fills with 0. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0.0);
    }

    /** Fills with 1. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1.0);
    }

    // -------------------------------------------------------------------------------------------- Xavier/Glorot

    /** U(-b, b) with b = gain * sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010). */
    public static Tensor xavierUniform(Tensor t, double gain, Random random) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, -bound, bound, random);
    }

    /** xavierUniform with gain 1 from the default generator. */
    public static Tensor xavierUniform(Tensor t) {
        return xavierUniform(t, 1.0, defaultRandom());
    }

    /** N(0, s^2) with s = gain * sqrt(2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Tensor t, double gain, Random random) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)));
        return normal(t, 0, std, random);
    }

    /** xavierNormal with gain 1 from the default generator. */
    public static Tensor xavierNormal(Tensor t) {
        return xavierNormal(t, 1.0, defaultRandom());
    }

    // -------------------------------------------------------------------------------------------- Kaiming/He

    /**
     * U(-b, b) with b = sqrt(3) * gain / sqrt(fan), gain = calculateGain(nonlinearity, a) (He et al., 2015);
     * {@code a} is the negative slope of a leaky relu. PyTorch's Linear uses a = sqrt(5), FAN_IN, LEAKY_RELU, which
     * gives b = 1/sqrt(fanIn).
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Random random) {
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, random);
    }

    /** kaimingUniform with PyTorch's defaults: a = 0, FAN_IN, LEAKY_RELU (so gain sqrt(2)), default generator. */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, defaultRandom());
    }

    /** N(0, s^2) with s = gain / sqrt(fan), gain = calculateGain(nonlinearity, a). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Random random) {
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        return normal(t, 0, std, random);
    }

    /** kaimingNormal with PyTorch's defaults: a = 0, FAN_IN, LEAKY_RELU, default generator. */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, defaultRandom());
    }

    private static int fan(Tensor t, FanMode mode) {
        int fan = mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t);
        if (fan == 0) {
            throw new IllegalArgumentException("kaiming: the " + mode + " of a tensor of shape "
                    + Shapes.str(t.shape()) + " is 0; initialising a zero-element tensor has no scale");
        }
        return fan;
    }

    /** Copies row-major values into t (any layout), without recording history. */
    private static Tensor set(Tensor t, double[] values) {
        try (var g = Tensor.noGrad()) {
            t.copyFrom(Tensor.on(t.device(), t.dtype()).of(t.shape(), values));
        }
        return t;
    }
}
