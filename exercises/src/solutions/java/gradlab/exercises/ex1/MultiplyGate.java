package gradlab.exercises.ex1;

import gradlab.scalar.gate.BinaryGate;

/**
 * Exercise 1.1: the backward pass of a multiply gate, z = x * y.
 *
 * <p><b>Task.</b> Implement {@link #gradients}: given the inputs x and y cached by forward and the upstream gradient
 * dz = dL/dz, return {@code {dL/dx, dL/dy}}. The gate is a real part-1 gate: it runs inside a
 * {@link gradlab.scalar.graph.ComputationalGraph}.
 *
 * <p><b>Math.</b> dz/dx = y and dz/dy = x, so by the chain rule dL/dx = y * dz and dL/dy = x * dz.
 *
 * <p><b>Hint.</b> Each input gets the <em>other</em> input times dz (CS231n calls the multiply gate a "switcher").
 */
public final class MultiplyGate extends BinaryGate {

    @Override
    protected double compute(double x, double y) {
        return x * y;
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        return new double[] {y * dz, x * dz};
    }
}
