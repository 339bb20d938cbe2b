package gradlab.exercises.ex1;

import gradlab.scalar.gate.BinaryGate;

/**
 * Exercise 1.2: the backward pass of an add gate, z = x + y.
 *
 * <p><b>Task.</b> Implement {@link #gradients}: return {@code {dL/dx, dL/dy}} for upstream gradient dz = dL/dz.
 *
 * <p><b>Math.</b> dz/dx = dz/dy = 1, so dL/dx = dL/dy = dz.
 *
 * <p><b>Hint.</b> An add gate "distributes": both inputs get the upstream gradient unchanged.
 */
public final class AddGate extends BinaryGate {

    @Override
    protected double compute(double x, double y) {
        return x + y;
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        throw new UnsupportedOperationException("TODO ex1.2: AddGate.gradients(x, y, dz) must return {dL/dx, dL/dy}");
    }
}
