package gradlab.scalar.gate;

/**
 * z = exp(x).   dz/dx = exp(x) = z.
 */
public final class ExpGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return Math.exp(x);
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return z * dz;
    }
}
