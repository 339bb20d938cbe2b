package gradlab.scalar.check;

import gradlab.gradcheck.Differentiable;
import gradlab.scalar.gate.Gate;

/**
 * A gate seen as a function of its scalar inputs, so that gradcheck can check its backward:
 * <pre>
 *   GradCheck.assertCorrect(new GateFunction(new TanhGate()), Input.scalar("x", 0.5));
 * </pre>
 * A gate keeps its inputs between forward and backward, so {@link #backward} first runs the gate's forward at the
 * point gradcheck asks about, then multiplies the gate's local gradients by the upstream gradient g[0]. This
 * object owns its gate: do not use the same gate elsewhere while it is being checked.
 */
public final class GateFunction implements Differentiable {
    private final Gate gate;

    public GateFunction(Gate gate) {
        if (gate == null) {
            throw new IllegalArgumentException("new GateFunction(gate): gate is null; pass a gate, e.g."
                    + " new GateFunction(new TanhGate())");
        }
        this.gate = gate;
    }

    @Override
    public int arity() {
        return gate.arity();
    }

    @Override
    public double[] forward(double[][] inputs) {
        return new double[] {gate.forward(scalars(inputs))};
    }

    @Override
    public double[][] backward(double[][] inputs, double[] gradOutput) {
        gate.forward(scalars(inputs));
        double[] local = gate.backward(gradOutput[0]);
        double[][] grads = new double[local.length][];
        for (int i = 0; i < local.length; i++) {
            grads[i] = new double[] {local[i]};
        }
        return grads;
    }

    @Override
    public String toString() {
        return gate.getClass().getSimpleName();
    }

    private double[] scalars(double[][] inputs) {
        double[] x = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != 1) {
                throw new IllegalArgumentException(gate.getClass().getSimpleName() + " takes scalars, but input " + i
                        + " has " + inputs[i].length + " elements; check it at scalar inputs (Input.scalar)");
            }
            x[i] = inputs[i][0];
        }
        return x;
    }
}
