package gradlab.exercises.ex3;

import gradlab.nn.Init;
import gradlab.nn.Module;
import gradlab.nn.Parameter;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Random;

/**
 * Exercise 3.1: a fully connected layer, y = x W^T + b (PyTorch's {@code nn.Linear}), as a real part-3
 * {@link Module}: its parameters are registered from its fields (names {@code weight} and {@code bias}, as in
 * PyTorch's state dict), so optimizers, state dicts and {@code Sequential} work with it.
 *
 * <p>The constructor is given: W [outFeatures, inFeatures] and b [outFeatures] drawn from
 * U(-1/sqrt(in), 1/sqrt(in)).
 *
 * <p><b>Task.</b> Implement {@link #forward} for an input x of shape [N, inFeatures], returning [N, outFeatures].
 * An input whose last dimension is not inFeatures must throw an {@link IllegalArgumentException} naming both sizes.
 *
 * <p><b>Math.</b> y[n][j] = sum_i x[n][i] W[j][i] + b[j], that is y = x W^T + b, with b broadcast over the rows.
 * Autograd then gives dL/dx = G W, dL/dW = G^T x, dL/db = the column sums of G; you write none of them.
 *
 * <p><b>Hint.</b> {@code x.mm(weight.t()).add(bias)}: the engine's ops record the graph. The tests gradcheck your
 * layer with respect to the input and both parameters.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer whose parameters are drawn from {@code random} (the same seed gives the same layer). */
    public Linear(int inFeatures, int outFeatures, Random random) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: inFeatures and outFeatures must be positive, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = 1.0 / Math.sqrt(inFeatures);
        this.weight = new Parameter(Init.uniform(Tensor.zeros(outFeatures, inFeatures), -bound, bound, random));
        this.bias = new Parameter(Init.uniform(Tensor.zeros(outFeatures), -bound, bound, random));
    }

    /** The weight W, shape [outFeatures, inFeatures]. */
    public Parameter weight() {
        return weight;
    }

    /** The bias b, shape [outFeatures]. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 2 || input.size(1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): expected an input"
                    + " of shape [N, " + inFeatures + "], got " + Shapes.str(input.shape()));
        }
        return input.mm(weight.t()).add(bias);
    }
}
