package gradlab.scalar.gate;

/**
 * z = max(x, y).   The gradient goes to the larger input only (a "router"): dz/dx = 1 if x >= y else 0.
 * At a tie (x == y) max has no derivative; this gate gives it all to x, the first input (a convention: any split
 * of dz between x and y is a valid subgradient there).
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
