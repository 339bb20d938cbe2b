package gradlab.scalar.gate;

/**
 * z = max(0, x).   dz/dx = 1 if x > 0 else 0 (at the kink x = 0 the gradient is taken as 0, as in PyTorch).
 */
public final class ReluGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return Math.max(0, x);
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return x > 0 ? dz : 0;
    }
}
