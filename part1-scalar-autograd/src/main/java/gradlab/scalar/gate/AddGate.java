package gradlab.scalar.gate;

/**
 * z = x + y.   dz/dx = dz/dy = 1: the upstream gradient is handed unchanged to both inputs (a "distributor").
 */
public final class AddGate extends BinaryGate {

    @Override
    protected double compute(double x, double y) {
        return x + y;
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        return new double[] {dz, dz};
    }

    @Override
    public String symbol() {
        return "+";
    }
}
