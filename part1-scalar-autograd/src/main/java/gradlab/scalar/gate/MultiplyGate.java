package gradlab.scalar.gate;

/**
 * z = x * y.   dz/dx = y,  dz/dy = x: each input gets the other one times the upstream gradient
 * (a "switcher" in CS231n's words).
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

    @Override
    public String symbol() {
        return "*";
    }
}
