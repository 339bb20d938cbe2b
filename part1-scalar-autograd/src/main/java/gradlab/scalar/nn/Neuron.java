package gradlab.scalar.nn;

import gradlab.scalar.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One neuron: out = tanh(w . x + b), or just w . x + b when it is linear (an output neuron).
 * Weights start uniform in [-1, 1) from the given random source, the bias at 0.
 */
public final class Neuron {
    private final List<Value> weights = new ArrayList<>();
    private final Value bias;
    private final boolean nonlinear;

    public Neuron(int inputs, boolean nonlinear, Random random) {
        if (inputs < 1) {
            throw new IllegalArgumentException("a neuron needs at least 1 input, got " + inputs);
        }
        for (int i = 0; i < inputs; i++) {
            weights.add(Value.of(2 * random.nextDouble() - 1, "w" + i));
        }
        this.bias = Value.of(0, "b");
        this.nonlinear = nonlinear;
    }

    /** tanh(w . x + b) (or w . x + b if linear). */
    public Value apply(List<Value> x) {
        if (x.size() != weights.size()) {
            throw new IllegalArgumentException("the neuron has " + weights.size() + " weights but got " + x.size()
                    + " inputs");
        }
        Value sum = bias;
        for (int i = 0; i < x.size(); i++) {
            sum = sum.add(weights.get(i).mul(x.get(i)));
        }
        return nonlinear ? sum.tanh() : sum;
    }

    /** The weights, then the bias. */
    public List<Value> parameters() {
        List<Value> p = new ArrayList<>(weights);
        p.add(bias);
        return p;
    }
}
