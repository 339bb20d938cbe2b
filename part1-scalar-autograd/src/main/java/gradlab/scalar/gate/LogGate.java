package gradlab.scalar.gate;

/**
 * z = ln(x) for x > 0.   dz/dx = 1/x.
 */
public final class LogGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("LogGate needs x > 0, got x = " + x + "; ln is undefined there");
        }
        return Math.log(x);
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return dz / x;
    }
}
