package gradlab.nn;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * A fully connected layer (PyTorch's {@code nn.Linear}): y = x A^T + b for an input x of shape [*, inFeatures],
 * with weight A of shape [outFeatures, inFeatures] and bias b of shape [outFeatures]; the output has shape
 * [*, outFeatures]. Each output unit is y_j = sum_i A[j][i] x_i + b_j.
 *
 * <p>Gradients (for an upstream gradient G = dL/dy, with x and G flattened to 2-D): dL/dx = G A,
 * dL/dA = G^T x, dL/db = the sum of G over the rows.
 *
 * <p>Initialisation, as PyTorch: A ~ U(-1/sqrt(in), 1/sqrt(in)) (Kaiming-uniform with a = sqrt(5)) and
 * b ~ U(-1/sqrt(in), 1/sqrt(in)), drawn from the given {@link Random} (weight first, then bias) or from
 * {@link Init#defaultRandom()}. The values differ from PyTorch's (another generator); the distribution is the same.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with a bias, initialised from the default generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Init.defaultRandom());
    }

    /** A layer with or without a bias, initialised from the default generator. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Init.defaultRandom());
    }

    /** A layer with or without a bias, initialised from {@code random} (the same seed gives the same layer). */
    public Linear(int inFeatures, int outFeatures, boolean bias, Random random) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: inFeatures and outFeatures must be positive, got inFeatures="
                    + inFeatures + " outFeatures=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new Parameter(Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? new Parameter(Tensor.zeros(outFeatures)) : null;
        resetParameters(random);
    }

    /** Draws fresh values: weight with Kaiming-uniform (a = sqrt(5)), bias from U(-1/sqrt(in), 1/sqrt(in)). */
    public void resetParameters(Random random) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, random);
        if (bias != null) {
            double bound = 1.0 / Math.sqrt(Init.fanIn(weight));
            Init.uniform(bias, -bound, bound, random);
        }
    }

    /** y = x A^T + b for x of shape [*, inFeatures]. */
    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Linear.forward: input is null; pass a tensor of shape [*, "
                    + inFeatures + "]");
        }
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] != inFeatures) {
            throw new IllegalArgumentException("Linear(inFeatures=" + inFeatures + ", outFeatures=" + outFeatures
                    + "): expected an input of shape [*, " + inFeatures + "] (last dim = inFeatures), got "
                    + Shapes.str(shape) + (shape.length == 0 ? "" : "; its last dim " + shape[shape.length - 1]
                    + " != " + inFeatures) + ". Reshape or flatten the input, or build Linear(" 
                    + (shape.length == 0 ? "n" : shape[shape.length - 1]) + ", " + outFeatures + ")");
        }
        int[] lead = Arrays.copyOf(shape, shape.length - 1);
        int rows = Shapes.numel(lead);
        Tensor y = input.reshape(rows, inFeatures).mm(weight.t());
        if (bias != null) {
            y = y.add(bias);
        }
        int[] outShape = Arrays.copyOf(lead, shape.length);
        outShape[shape.length - 1] = outFeatures;
        return y.reshape(outShape);
    }

    /** The weight A, shape [outFeatures, inFeatures]. */
    public Parameter weight() {
        return weight;
    }

    /** The bias b, shape [outFeatures], or null for a layer built without one. */
    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "inFeatures=" + inFeatures + ", outFeatures=" + outFeatures + ", bias=" + (bias != null);
    }
}
