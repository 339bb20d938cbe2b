package gradlab.scalar.gate;

/**
 * z = 1/x for x != 0.   dz/dx = -1/x^2.
 */
public final class InverseGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        if (x == 0 || Double.isNaN(x)) {
            throw new IllegalArgumentException("InverseGate needs x != 0, got x = " + x + "; 1/x is undefined there");
        }
        return 1 / x;
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return -dz / (x * x);
    }
}
