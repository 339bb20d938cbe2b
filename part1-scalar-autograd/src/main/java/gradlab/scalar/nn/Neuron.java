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
        if (random == null) {
            throw new IllegalArgumentException("random is null; pass a seeded source, e.g. new Random(42), so the"
                    + " initial weights can be reproduced");
        }
        for (int i = 0; i < inputs; i++) {
            weights.add(Value.of(2 * random.nextDouble() - 1, "w" + i));
        }
        this.bias = Value.of(0, "b");
        this.nonlinear = nonlinear;
    }

    /** tanh(w . x + b) (or w . x + b if linear). */
    public Value apply(List<Value> x) {
        if (x == null) {
            throw new IllegalArgumentException("the neuron's input list is null; pass " + weights.size()
                    + " Values, e.g. List.of(Value.of(0.5), ...)");
        }
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) == null) {
                throw new IllegalArgumentException("the neuron's input " + i + " is null; every input must be a"
                        + " Value, e.g. Value.of(0.5)");
            }
        }
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
