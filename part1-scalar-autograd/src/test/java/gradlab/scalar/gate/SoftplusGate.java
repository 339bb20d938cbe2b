package gradlab.scalar.gate;

/**
 * The gate of part 1's README, "Write your own gate": z = softplus(x) = ln(1 + e^x),
 * dz/dx = e^x / (1 + e^x) = sigmoid(x). Public, so gradcheck's command line can check it by name.
 */
public final class SoftplusGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return dz / (1 + Math.exp(-x));
    }
}
