package gradlab.exercises.ex1;

import gradlab.scalar.gate.UnaryGate;

/**
 * Exercise 1.4: the backward pass of a sigmoid gate, z = s(x) = 1 / (1 + e^-x).
 *
 * <p><b>Task.</b> Implement {@link #gradient}: return dL/dx for upstream gradient dz. Forward cached both the input
 * x and the output z.
 *
 * <p><b>Math.</b> d/dx s(x) = s(x) (1 - s(x)) = z (1 - z), so dL/dx = z (1 - z) dz.
 *
 * <p><b>Hint.</b> Use the cached output z: no exponential needed, and no overflow for large |x|.
 */
public final class SigmoidGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return z * (1 - z) * dz;
    }
}
