package gradlab.scalar.gate;

/**
 * z = tanh(x).   dz/dx = 1 - tanh(x)^2 = 1 - z^2.
 */
public final class TanhGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return Math.tanh(x);
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return (1 - z * z) * dz;
    }
}
