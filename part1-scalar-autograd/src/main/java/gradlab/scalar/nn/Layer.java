package gradlab.scalar.nn;

import gradlab.scalar.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A layer of independent neurons reading the same inputs: out_j = neuron_j(x). */
public final class Layer {
    private final List<Neuron> neurons = new ArrayList<>();

    public Layer(int inputs, int outputs, boolean nonlinear, Random random) {
        if (outputs < 1) {
            throw new IllegalArgumentException("a layer needs at least 1 output, got " + outputs);
        }
        for (int j = 0; j < outputs; j++) {
            neurons.add(new Neuron(inputs, nonlinear, random));
        }
    }

    public List<Value> apply(List<Value> x) {
        List<Value> out = new ArrayList<>();
        for (Neuron n : neurons) {
            out.add(n.apply(x));
        }
        return out;
    }

    public List<Value> parameters() {
        List<Value> p = new ArrayList<>();
        for (Neuron n : neurons) {
            p.addAll(n.parameters());
        }
        return p;
    }
}
