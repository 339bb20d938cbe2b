package gradlab.scalar.gate;

/**
 * z = s(x) = 1 / (1 + exp(-x)).   dz/dx = s(x) (1 - s(x)) = z (1 - z): the derivative in terms of the output.
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
