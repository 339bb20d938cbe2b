package gradlab.exercises.ex1;

import gradlab.scalar.gate.BinaryGate;

/**
 * Exercise 1.3: the backward pass of a max gate, z = max(x, y).
 *
 * <p><b>Task.</b> Implement {@link #gradients}: return {@code {dL/dx, dL/dy}} for upstream gradient dz.
 *
 * <p><b>Math.</b> dz/dx = 1 where x &gt; y and 0 where x &lt; y (and the other way round for y). At a tie x == y max
 * has no derivative; give all of dz to x, the first input (the engine's and the tests' convention).
 *
 * <p><b>Hint.</b> A max gate "routes": the whole gradient goes to the input that won, nothing to the other.
 */
public final class MaxGate extends BinaryGate {

    @Override
    protected double compute(double x, double y) {
        return Math.max(x, y);
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        return x >= y ? new double[] {dz, 0} : new double[] {0, dz};
    }
}
