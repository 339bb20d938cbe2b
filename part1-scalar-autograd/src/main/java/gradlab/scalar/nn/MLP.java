package gradlab.scalar.nn;

import gradlab.scalar.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A multi-layer perceptron: tanh layers, then a linear output layer. {@code new MLP(2, new int[] {16, 16, 1}, rnd)}
 * maps 2 inputs through two hidden layers of 16 to 1 output.
 */
public final class MLP {
    private final List<Layer> layers = new ArrayList<>();

    public MLP(int inputs, int[] layerSizes, Random random) {
        if (layerSizes == null || layerSizes.length == 0) {
            throw new IllegalArgumentException("an MLP needs at least one layer size, e.g. new int[] {16, 1}");
        }
        int in = inputs;
        for (int l = 0; l < layerSizes.length; l++) {
            boolean last = l == layerSizes.length - 1;
            layers.add(new Layer(in, layerSizes[l], !last, random));
            in = layerSizes[l];
        }
    }

    /** The outputs of the last layer for inputs x. */
    public List<Value> apply(List<Value> x) {
        List<Value> h = x;
        for (Layer layer : layers) {
            h = layer.apply(h);
        }
        return h;
    }

    /** The single output of a network whose last layer has one neuron. */
    public Value applyScalar(double... x) {
        if (x == null) {
            throw new IllegalArgumentException("applyScalar(x): x is null; pass one number per input, e.g."
                    + " applyScalar(0.5, -1.2)");
        }
        List<Value> in = new ArrayList<>();
        for (double v : x) {
            in.add(Value.of(v));
        }
        List<Value> out = apply(in);
        if (out.size() != 1) {
            throw new IllegalStateException("applyScalar needs a last layer of 1 neuron, this one has " + out.size());
        }
        return out.get(0);
    }

    /** Every weight and bias, layer by layer. */
    public List<Value> parameters() {
        List<Value> p = new ArrayList<>();
        for (Layer layer : layers) {
            p.addAll(layer.parameters());
        }
        return p;
    }

    /** Sets every parameter's gradient to 0: call it before each backward, since gradients accumulate. */
    public void zeroGrad() {
        Value.zeroGrad(parameters());
    }
}
