package gradlab.exercises.support;

import gradlab.gradcheck.Differentiable;
import gradlab.scalar.gate.Gate;
import java.util.function.Supplier;

/**
 * A part-1 {@link Gate} as a function the gradient checker understands: scalar inputs in, one scalar out, and
 * backward is the gate's own backward. A fresh gate per call, so no state leaks between the checker's evaluations.
 */
public final class GateFunction implements Differentiable {
    private final Supplier<? extends Gate> gates;
    private final int arity;

    private GateFunction(Supplier<? extends Gate> gates) {
        this.gates = gates;
        this.arity = gates.get().arity();
    }

    /** The gate made by {@code gates} as a checkable function. */
    public static GateFunction of(Supplier<? extends Gate> gates) {
        return new GateFunction(gates);
    }

    @Override
    public int arity() {
        return arity;
    }

    @Override
    public double[] forward(double[][] inputs) {
        return new double[] {gates.get().forward(scalars(inputs))};
    }

    @Override
    public double[][] backward(double[][] inputs, double[] gradOutput) {
        Gate g = gates.get();
        g.forward(scalars(inputs));
        double[] d = g.backward(gradOutput[0]);
        double[][] out = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = new double[] {i < d.length ? d[i] : Double.NaN};
        }
        return out;
    }

    private static double[] scalars(double[][] inputs) {
        double[] x = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i][0];
        }
        return x;
    }
}
