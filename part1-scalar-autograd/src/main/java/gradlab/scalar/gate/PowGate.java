package gradlab.scalar.gate;

/**
 * z = x^p for a constant exponent p.   dz/dx = p x^(p-1) (the power rule).
 * A negative x needs an integer p (otherwise x^p is not a real number), and x = 0 needs p >= 1 for the derivative
 * to exist.
 */
public final class PowGate extends UnaryGate {
    private final double p;

    /** A gate raising its input to the constant power {@code p}. */
    public PowGate(double p) {
        if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("PowGate needs a finite exponent, got p = " + p);
        }
        this.p = p;
    }

    public double exponent() {
        return p;
    }

    /** "^2" for p = 2, "^0.5" for p = 0.5. */
    @Override
    public String symbol() {
        return "^" + (p == Math.rint(p) && Math.abs(p) < 1e9 ? Long.toString((long) p) : Double.toString(p));
    }

    @Override
    protected double compute(double x) {
        if (x < 0 && p != Math.rint(p)) {
            throw new IllegalArgumentException("PowGate(" + p + ") needs x >= 0 or an integer exponent, got x = " + x
                    + "; a negative number to a fractional power is not real");
        }
        if (x == 0 && p < 1) {
            throw new IllegalArgumentException("PowGate(" + p + ") at x = 0: the derivative p x^(p-1) is infinite or"
                    + " undefined there; use an exponent >= 1 or x != 0");
        }
        return Math.pow(x, p);
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return p * Math.pow(x, p - 1) * dz;
    }
}
